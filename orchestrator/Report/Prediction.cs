namespace Simul.Orchestrator.Report;

/// <summary>
/// What queueing predicts from the model's own settings and the requests' measured work and wait:
/// the quantity (throughput per second, or a batch's makespan in ms), its predicted and measured
/// value, which limit binds, in words, and whether the measurement is far from it (under 80% or
/// over 110% of a throughput; over 150% or under 90% of a makespan, whose bounds are looser).
/// </summary>
public sealed record Prediction(PredictedQuantity Quantity, double Predicted, double Measured, string Limit, string Explanation, bool Flagged);

/// <summary>What a prediction is of (report.json: "throughput_per_second", "makespan_ms").</summary>
public enum PredictedQuantity
{
    ThroughputPerSecond,
    MakespanMs,
}

/// <summary>
/// What the autoscaler would have to do, on paper: the throughput the callers (or the arrival
/// rate) ask, what one pod serves (the bound of this run that belongs to a pod: its threads or
/// child slots, its event loop, its cores), and the pods that takes at 80% utilisation.
/// </summary>
public sealed record PodsNeeded(double DemandPerSecond, double PodCapacityPerSecond, string Limit, int Pods, string Explanation);

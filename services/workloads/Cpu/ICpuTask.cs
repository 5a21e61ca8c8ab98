namespace Simul.Workloads.Cpu;

/// <summary>
/// A piece of CPU work that can be run in slices. A model that never yields runs it in one
/// slice; a cooperative model (the event loop) runs K steps, lets others run, and comes back.
/// </summary>
public interface ICpuTask
{
    /// <summary>Runs at most <paramref name="maxSteps"/> steps; true when the task is finished.</summary>
    bool Run(long maxSteps);
}

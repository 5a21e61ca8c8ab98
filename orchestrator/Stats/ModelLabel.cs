using System.Globalization;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Stats;

/// <summary>
/// A model's name with what makes it what it is, from its own capabilities, so that two runs
/// that differ only there cannot be confused: "process (aot, 16 slots)" against
/// "process (jit, 16 slots)", "threadpool (32 threads)", "async-loop (yield 10000)": the event
/// loop yields every 10,000 CPU steps; "async-loop-blocking (waits block the loop)"; and " x2"
/// on two replicas.
/// </summary>
public static class ModelLabel
{
    public static string Of(string model, ModelCapabilities? capabilities, int replicas = 1)
    {
        var parts = new List<string>();
        if (capabilities is not null)
        {
            if (capabilities.Detail.Length > 0)
            {
                parts.Add(capabilities.Detail);
            }

            if (capabilities.HoldsCount > 0 && capabilities.Holds is "threads" or "child slots")
            {
                parts.Add($"{capabilities.HoldsCount.ToString(CultureInfo.InvariantCulture)} {(capabilities.Holds == "threads" ? "threads" : "slots")}");
            }

            if (capabilities.WaitsBlockLoop)
            {
                parts.Add("waits block the loop");
            }
        }

        var label = parts.Count == 0 ? model : $"{model} ({string.Join(", ", parts)})";
        return replicas > 1 ? $"{label} x{replicas.ToString(CultureInfo.InvariantCulture)}" : label;
    }
}

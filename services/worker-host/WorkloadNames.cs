using Simul.Contracts.V1;

namespace Simul.WorkerHost;

/// <summary>The workload a request message asks for, as metrics tag it; null for Describe.</summary>
public static class WorkloadNames
{
    public static IReadOnlyList<string> All { get; } = ["prime", "fetch", "steps"];

    public static string? Of(object request) => request switch
    {
        PrimeRequest => "prime",
        FetchRequest => "fetch",
        StepsRequest => "steps",
        _ => null,
    };
}

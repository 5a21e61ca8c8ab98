namespace Simul.Workloads;

/// <summary>The workloads' names as spans, metrics and reports give them: constants, so that
/// naming a request's workload costs it nothing.</summary>
public static class WorkloadNames
{
    public const string Prime = "prime";
    public const string Fetch = "fetch";
    public const string Steps = "steps";

    public static IReadOnlyList<string> All { get; } = [Prime, Fetch, Steps];
}

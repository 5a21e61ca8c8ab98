using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>Describe states what the worker is in typed fields, which is all the orchestrator reads.</summary>
internal static class DescribeChecks
{
    public static Check Capabilities { get; } = new("describe: typed capabilities (runtime, family, limits, work clock) and live counters", async context =>
    {
        var info = await context.DescribeAsync();
        var c = info.Capabilities ?? throw new CheckFailedException("Describe has no capabilities");
        Expect.That(c.Runtime is { Name.Length: > 0, Version.Length: > 0 }, $"runtime is '{c.Runtime?.Name} {c.Runtime?.Version}'");
        Expect.That(c.Family is Family.Processes or Family.Threads or Family.Async, $"family is {c.Family}");
        Expect.That(c.Limit is { Kind: not ConcurrencyLimit.Types.Kind.Unspecified, Count: >= 0 }, $"limit is {c.Limit}");
        Expect.That(c.Compute is { Kind: not ComputeLimit.Types.Kind.Unspecified, Count: >= 0 }, $"compute is {c.Compute}");
        Expect.That(c.WorkClock != WorkClock.Unspecified, "work_clock is unspecified");
        Expect.That(c.MaxQueue > 0 && c.MaxInFlight > 0, $"max_queue {c.MaxQueue}, max_in_flight {c.MaxInFlight}");
        Expect.That(c.Family != Family.Processes || c.Limit.Kind == ConcurrencyLimit.Types.Kind.ChildSlots, "a process family that holds no child slots");
        Expect.That(!c.WaitsBlockLoop || c.Limit.Kind == ConcurrencyLimit.Types.Kind.EventLoop, "waits block the loop, but the loop is not what a request holds");
        Expect.That(info.Model.Length > 0 && info.Pid > 0 && info.Threads > 0 && info.RssBytes > 0 && info.Instance.Length > 0,
            $"live counters missing: model '{info.Model}', pid {info.Pid}, threads {info.Threads}, rss {info.RssBytes}, instance '{info.Instance}'");
        return CheckResult.Pass($"{info.Model}: {c.Runtime!.Name} {c.Runtime.Version}, {c.Family}, holds {c.Limit.Kind} {c.Limit.Count}, computes on {c.Compute.Kind} {c.Compute.Count}");
    });
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests;

public sealed class FaultedUpstream : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } = [.. UpstreamFaultTests.Models.Select(LocalModel.Named)];
}

/// <summary>
/// Upstream's fault profile (PUT /faults) is validated, and every runtime's workers turn what it
/// injects into a clear status: an HTTP 503 or a reset connection is UNAVAILABLE saying upstream
/// failed; a response that never comes ends at the call's deadline, and the worker is idle after.
/// </summary>
public class UpstreamFaultTests(FaultedUpstream workers) : IClassFixture<FaultedUpstream>
{
    public static readonly string[] Models = ["process", "threadpool", "async", "python-threads", "python-asyncio", "node"];

    private static readonly FetchRequest Fetch = new() { Count = 1, DelayMs = 10, SizeBytes = 10 };

    public static TheoryData<string> AllModels => [.. Models];

    [Theory]
    [MemberData(nameof(AllModels))]
    public async Task An_upstream_503_is_unavailable_saying_upstream_failed(string model)
    {
        var error = await WithFaultAsync(new { error_rate = 1.0, error_status = 503 }, () => FailedFetchAsync(model, TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("upstream", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("503", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public async Task A_reset_connection_is_unavailable(string model)
    {
        var error = await WithFaultAsync(new { reset_rate = 1.0 }, () => FailedFetchAsync(model, TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("upstream", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public async Task A_hanging_upstream_ends_at_the_deadline_and_leaves_the_worker_idle(string model)
    {
        var started = Stopwatch.StartNew();

        var error = await WithFaultAsync(new { hang_rate = 1.0 }, () => FailedFetchAsync(model, TimeSpan.FromSeconds(1)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"the call ended after {started.Elapsed.TotalMilliseconds:F0} ms, not at its 1 s deadline");
        await Calls.WaitUntilAsync(async () => (await workers[model].DescribeAsync()) is { InFlight: 0, ChildProcesses: 0 }, "the worker went idle");
    }

    [Theory]
    [InlineData("""{ "delay_factor": -1 }""", "delay_factor")]
    [InlineData("""{ "error_rate": 0.7, "hang_rate": 0.7 }""", "add up to")]
    [InlineData("""{ "error_status": 404 }""", "error_status")]
    [InlineData("""{ "delay_ms": 3600000 }""", "delay_ms")]
    [InlineData("""{ "slowness": 2 }""", "slowness")]
    public async Task Upstream_refuses_a_fault_profile_out_of_bounds_naming_the_field(string profile, string named)
    {
        using var http = new HttpClient { BaseAddress = workers.Services.Upstream };

        using var response = await http.PutAsync("/faults", new StringContent(profile, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<RpcException> FailedFetchAsync(string model, TimeSpan deadline) =>
        await Assert.ThrowsAsync<RpcException>(() => workers[model].FetchAsync(Fetch, Calls.Within(deadline)).ResponseAsync);

    private async Task<T> WithFaultAsync<T>(object profile, Func<Task<T>> during)
    {
        using var http = new HttpClient { BaseAddress = workers.Services.Upstream };
        (await http.PutAsJsonAsync("/faults", profile)).EnsureSuccessStatusCode();
        try
        {
            return await during();
        }
        finally
        {
            (await http.DeleteAsync("/faults")).EnsureSuccessStatusCode();
        }
    }
}

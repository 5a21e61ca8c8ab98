using Microsoft.Playwright;

namespace Simul.Browser.Tests;

/// <summary>
/// Requests' traces in a real trace UI: the Aspire dashboard's trace page, opened in headless
/// Chromium, draws the waterfall from the orchestrator's call through the worker's server span to
/// the work and wait spans, into the child process for the process model, and the same for a
/// CPython worker (a screenshot of each is kept in artifacts/).
/// </summary>
public class DashboardTracePageTests(HeadlessChromium chromium, TracedWorkers traced) : IClassFixture<HeadlessChromium>, IClassFixture<TracedWorkers>
{
    [SkippableFact]
    public async Task The_trace_page_shows_the_server_span_the_child_process_and_its_work_and_wait()
    {
        var body = await TracePageAsync("process", "child process");

        Assert.Contains("call process", body, StringComparison.Ordinal);
        Assert.Contains("simul.v1.Worker/Prime", body, StringComparison.Ordinal);
        Assert.Contains("child process", body, StringComparison.Ordinal);
        Assert.Contains("worker-process-child", body, StringComparison.Ordinal);
        Assert.Contains("spawn", body, StringComparison.Ordinal);
        Assert.Contains("work", body, StringComparison.Ordinal);
        Assert.Contains("wait", body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_cpython_workers_request_shows_under_the_orchestrators_call_with_its_phases()
    {
        var body = await TracePageAsync("python-threads", "worker-python-threads");

        Assert.Contains("call python-threads", body, StringComparison.Ordinal);
        Assert.Contains("simul.v1.Worker/Prime", body, StringComparison.Ordinal);
        Assert.Contains("worker-python-threads", body, StringComparison.Ordinal);
        Assert.Contains("work", body, StringComparison.Ordinal);
        Assert.Contains("wait", body, StringComparison.Ordinal);
    }

    /// <summary>The trace page of the model's request once it shows <paramref name="lastToArrive"/>
    /// (spans come in batches from each process: reload until they are in), and its screenshot.</summary>
    private async Task<string> TracePageAsync(string model, string lastToArrive)
    {
        Skip.IfNot(HeadlessChromium.Installed, $"{HeadlessChromium.Executable} is not installed (apt-get install chromium; .ci/install-prerequisites.sh does)");
        var (page, _) = await chromium.OpenAsync(1400, 1000);
        var url = traced.Dashboard.TraceUrlTemplate.Replace("{trace_id}", traced.TraceIds[model], StringComparison.Ordinal);
        var body = "";
        for (var attempt = 0; attempt < 30 && !body.Contains(lastToArrive, StringComparison.Ordinal); attempt++)
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(1000); // a Blazor page renders after it loads
            body = await page.InnerTextAsync("body");
        }

        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath($"dashboard-{model}-trace.png"), FullPage = true });
        return body;
    }
}

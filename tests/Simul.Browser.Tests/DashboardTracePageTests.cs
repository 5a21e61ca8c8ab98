using Microsoft.Playwright;

namespace Simul.Browser.Tests;

/// <summary>
/// Requests' traces in a real trace UI: the Aspire dashboard's trace page, opened in headless
/// Chromium, draws the waterfall from the orchestrator's client span through the worker's server
/// span to the work and wait spans, into the child process for the process model, and the same
/// for a CPython worker (a screenshot of each is kept in artifacts/).
/// </summary>
public class DashboardTracePageTests(HeadlessChromium chromium, TracedWorkers traced) : IClassFixture<HeadlessChromium>, IClassFixture<TracedWorkers>
{
    [SkippableFact]
    public async Task The_trace_page_shows_the_server_span_the_child_process_and_its_work_and_wait()
    {
        var page = await TracePageAsync("process", "child process");

        await AssertShowsAsync(page, "orchestrator", "simul.v1.Worker/Prime", "worker-process", "child process", "worker-process-child", "spawn", "work", "wait");
    }

    [SkippableFact]
    public async Task A_cpython_workers_request_shows_under_the_orchestrators_call_with_its_phases()
    {
        var page = await TracePageAsync("python-threads", "worker-python-threads");

        await AssertShowsAsync(page, "orchestrator", "simul.v1.Worker/Prime", "worker-python-threads", "work", "wait");
    }

    /// <summary>Each name is on the page as a whole text of its own (a span's name, a resource):
    /// "work" must be a span, not a piece of "worker-process-child".</summary>
    private static async Task AssertShowsAsync(IPage page, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(await page.GetByText(name, new() { Exact = true }).CountAsync() > 0, $"the trace page shows no '{name}'");
        }
    }

    /// <summary>The trace page of the model's request once it shows <paramref name="lastToArrive"/>
    /// (spans come in batches from each process: reload until they are in), and its screenshot.</summary>
    private async Task<IPage> TracePageAsync(string model, string lastToArrive)
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
        return page;
    }
}

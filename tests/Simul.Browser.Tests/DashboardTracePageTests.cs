using Microsoft.Playwright;

namespace Simul.Browser.Tests;

/// <summary>
/// A process-model request's trace in a real trace UI: the Aspire dashboard's trace page, opened
/// in headless Chromium, draws the waterfall from the orchestrator's call through the worker's
/// server span into the child process, with the child's work and wait spans (a screenshot is
/// kept in artifacts/).
/// </summary>
public class DashboardTracePageTests(HeadlessChromium chromium, TracedProcessWorker traced) : IClassFixture<HeadlessChromium>, IClassFixture<TracedProcessWorker>
{
    [SkippableFact]
    public async Task The_trace_page_shows_the_server_span_the_child_process_and_its_work_and_wait()
    {
        Skip.IfNot(HeadlessChromium.Installed, $"{HeadlessChromium.Executable} is not installed (apt-get install chromium; .ci/install-prerequisites.sh does)");
        var (page, _) = await chromium.OpenAsync(1400, 1000);
        var url = traced.Dashboard.TraceUrlTemplate.Replace("{trace_id}", traced.TraceId, StringComparison.Ordinal);

        // The spans arrive in batches from four processes: reload until the child's are in.
        var body = "";
        for (var attempt = 0; attempt < 30 && !body.Contains("child process", StringComparison.Ordinal); attempt++)
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(1000); // a Blazor page renders after it loads
            body = await page.InnerTextAsync("body");
        }

        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("dashboard-process-trace.png"), FullPage = true });
        Assert.Contains("call process", body, StringComparison.Ordinal);
        Assert.Contains("simul.v1.Worker/Prime", body, StringComparison.Ordinal);
        Assert.Contains("child process", body, StringComparison.Ordinal);
        Assert.Contains("worker-process-child", body, StringComparison.Ordinal);
        Assert.Contains("spawn", body, StringComparison.Ordinal);
        Assert.Contains("work", body, StringComparison.Ordinal);
        Assert.Contains("wait", body, StringComparison.Ordinal);
    }
}

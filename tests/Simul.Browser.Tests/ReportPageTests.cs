using Simul.Orchestrator.Report;

namespace Simul.Browser.Tests;

/// <summary>
/// report.html in a real browser, offline: it renders without a console error, and the timeline
/// of a batch draws a row per request with its phases in the report's colours, where the page
/// puts them (checked on the rendered SVG, and kept as a screenshot in artifacts/).
/// </summary>
public class ReportPageTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    [SkippableFact]
    public async Task The_report_renders_offline_and_draws_every_request_of_a_batch_on_its_timeline()
    {
        Skip.IfNot(HeadlessChromium.Installed, $"{HeadlessChromium.Executable} is not installed (apt-get install chromium; .ci/install-prerequisites.sh does)");
        var directory = Path.Combine(Path.GetTempPath(), "simul-browser", Guid.NewGuid().ToString("N"));
        ReportFiles.WriteAll(SampleBatchReport.Build(), directory);
        var (page, errors) = await chromium.OpenAsync();

        await page.GotoAsync(new Uri(Path.Combine(directory, "report.html")).AbsoluteUri);
        var timeline = page.Locator("div.timelines svg").First;
        await timeline.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("report-timeline.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.Equal(2, await page.Locator("div.timelines svg").CountAsync()); // one per model
        var box = await timeline.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 600 && box.Height > 60, $"the timeline is drawn {box.Width} x {box.Height} px");

        // Three requests, each a row: its whole latency, then its segments, coloured by phase.
        var fills = await timeline.Locator("rect").EvaluateAllAsync<string[]>("rects => rects.map(r => r.getAttribute('fill'))");
        Assert.Contains("#9fd8c4", fills); // wait
        Assert.Contains("#2f6db5", fills); // work
        var titles = await timeline.Locator("rect > title").AllTextContentsAsync();
        Assert.Contains(titles, t => t.StartsWith("#1: OK", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("#3 wait", StringComparison.Ordinal));
    }
}

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
        var (page, errors) = await OpenReportAsync(SampleBatchReport.Build());
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

    [SkippableFact]
    public async Task An_incident_is_drawn_over_time_with_its_fault_stage_shaded_on_every_chart()
    {
        var (page, errors) = await OpenReportAsync(SampleIncidentReport.Build());
        var charts = page.Locator("div.over-time svg");
        await charts.First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("report-over-time.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.Equal(4, await charts.CountAsync()); // answered, p99, in flight, threads
        for (var i = 0; i < 4; i++)
        {
            var chart = charts.Nth(i);
            var box = await chart.BoundingBoxAsync();
            Assert.True(box is { Width: > 400, Height: > 200 }, $"chart {i} is drawn {box?.Width} x {box?.Height} px");
            // The fault stage: a shaded band named on hover, a third of the way along the 25 s axis.
            var band = chart.Locator("rect", new() { Has = page.Locator("title", new() { HasTextString = "upstream delay x40" }) });
            Assert.Equal(1, await band.CountAsync());
            var bandBox = await band.BoundingBoxAsync();
            Assert.True(bandBox!.X > box!.X + (box.Width * 0.2) && bandBox.Width > box.Width * 0.3, $"chart {i}: the band is at {bandBox.X}, {bandBox.Width} px wide in {box.X}, {box.Width}");
            Assert.Equal(2, await chart.Locator("polyline:not([stroke-dasharray])").CountAsync()); // a line per model
        }
    }

    /// <summary>The report's files written as a run writes them, and report.html opened offline.</summary>
    private async Task<(Microsoft.Playwright.IPage Page, List<string> Errors)> OpenReportAsync(RunReport report)
    {
        Skip.IfNot(HeadlessChromium.Installed, $"{HeadlessChromium.Executable} is not installed (apt-get install chromium; .ci/install-prerequisites.sh does)");
        var directory = Path.Combine(Path.GetTempPath(), "simul-browser", Guid.NewGuid().ToString("N"));
        ReportFiles.WriteAll(report, directory);
        var (page, errors) = await chromium.OpenAsync();
        await page.GotoAsync(new Uri(Path.Combine(directory, "report.html")).AbsoluteUri);
        return (page, errors);
    }
}

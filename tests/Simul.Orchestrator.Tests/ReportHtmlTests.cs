using System.Text.RegularExpressions;
using System.Xml.Linq;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

public partial class ReportHtmlTests
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_page_references_nothing_online_but_trace_links()
    {
        var html = HtmlReport.Render(ReportSamples.Build());

        foreach (Match url in Url().Matches(html))
        {
            Assert.True(url.Value == SvgNamespace || url.Value.StartsWith(ReportSamples.JaegerUrl + "/trace/", StringComparison.Ordinal), url.Value);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_svg_is_well_formed_xml()
    {
        var html = HtmlReport.Render(ReportSamples.RenameModel(ReportSamples.Build(), "async", "a<&>\"b'"));

        var svgs = Svg().Matches(html);
        // Per scenario level: phases and latency; the sweep adds throughput and memory; plus a strip per slow request.
        Assert.True(svgs.Count >= 16, $"{svgs.Count} charts");
        Assert.Equal(Regex.Count(html, "<svg"), svgs.Count);
        foreach (Match svg in svgs)
        {
            Assert.Equal(XName.Get("svg", SvgNamespace), XDocument.Parse(svg.Value).Root!.Name);
        }
    }

    [Fact]
    public void Model_names_are_html_encoded_everywhere()
    {
        var html = HtmlReport.Render(ReportSamples.RenameModel(ReportSamples.Build(), "async", "<&>"));

        Assert.DoesNotContain("<&>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;&amp;&gt;", html, StringComparison.Ordinal);
        foreach (var model in new[] { "process", "threadpool", "async-loop" })
        {
            Assert.Contains($"{model}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_trace_link_appears_for_each_slow_request_with_a_trace_id()
    {
        var report = ReportSamples.Build();
        var html = HtmlReport.Render(report);
        var traced = report.Scenarios.SelectMany(s => s.Runs).SelectMany(r => r.Models).SelectMany(m => m.Slowest).Where(c => c.TraceId is not null).ToList();

        Assert.NotEmpty(traced);
        Assert.Equal(traced.Count, Regex.Count(html, "href=\"http://localhost:16686/trace/"));
        Assert.Contains($"href=\"{ReportSamples.JaegerUrl}/trace/{traced[0].TraceId}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("javascript:alert(1)")]
    public void Without_an_http_jaeger_address_no_request_is_linked(string? jaegerUrl)
    {
        var html = HtmlReport.Render(ReportSamples.Build(jaegerUrl));

        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/trace/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_and_the_story_are_told()
    {
        var html = HtmlReport.Render(ReportSamples.Build());

        Assert.Contains("the curve stops here: 64 child slots", html, StringComparison.Ordinal);
        Assert.Contains("one board after another 12.0 h; as a simul 1.0 h (11.9x)", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("https?://[^\"'\\s<>)]*")]
    private static partial Regex Url();

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();
}

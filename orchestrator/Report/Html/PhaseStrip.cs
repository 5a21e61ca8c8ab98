using Simul.Orchestrator.Report.Svg;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report.Html;

/// <summary>
/// A small bar of one request's phases for a table row. Its length is the request's share of the
/// longest request in the table, so the strips compare down the column like a chart.
/// </summary>
internal static class PhaseStrip
{
    private const double Width = 180, Height = 12;

    public static string Render(Phases phases, double lengthShare)
    {
        var svg = new SvgCanvas(Width, Height, "phases of one request");
        var total = Palette.PhaseColors.Sum(p => p.Of(phases));
        var x = 0.0;
        foreach (var (name, color, of) in Palette.PhaseColors)
        {
            var width = total > 0 ? of(phases) / total * Width * Math.Clamp(lengthShare, 0, 1) : 0;
            if (width > 0)
            {
                svg.Rect(x, 0, width, Height, color, $"{name} {Number(of(phases))} ms");
                x += width;
            }
        }

        return svg.ToString();
    }
}

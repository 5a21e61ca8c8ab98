namespace Simul.Orchestrator.Report.Svg;

/// <summary>One part of a bar: a named amount in its colour.</summary>
internal sealed record Segment(string Name, double Value, string Color);

/// <summary>One bar: its label (in the label's colour) and its parts left to right.</summary>
internal sealed record Bar(string Label, string LabelColor, IReadOnlyList<Segment> Segments);

/// <summary>
/// Horizontal stacked bars on one shared scale, so bars compare by length: each part is labelled
/// inside when there is room, every part has a tooltip, and each bar ends with its total.
/// </summary>
internal static class StackedBars
{
    private const double Right = 76, Top = 34, BarHeight = 26, Gap = 12, Bottom = 30;

    // Room for the bar labels: about 8 pixels a character at the label's bold 13 px.
    private const double LabelCharWidth = 8;

    // Below this many pixels a part's number would not fit inside it; the tooltip still has it.
    private const double MinLabelledWidth = 44;

    public static string Render(string label, IReadOnlyList<Bar> bars, IReadOnlyList<LegendEntry> legend, Func<double, string> format, string unit, double width)
    {
        var left = Math.Max(80, 16 + (bars.Select(b => b.Label.Length).DefaultIfEmpty(0).Max() * LabelCharWidth));
        var height = Top + (bars.Count * (BarHeight + Gap)) + Bottom;
        var svg = new SvgCanvas(width, height, label);
        var scale = Scale.Linear(bars.Select(b => b.Segments.Sum(s => s.Value)), left, width - Right);
        var axisY = Top + (bars.Count * (BarHeight + Gap));

        foreach (var tick in scale.Ticks)
        {
            svg.Line(scale.Map(tick), Top - 4, scale.Map(tick), axisY, ChartColors.Grid)
               .Text(scale.Map(tick), axisY + 16, format(tick), "middle", "tick");
        }

        svg.Text(left - 10, axisY + 16, unit, "end", "axis");
        var y = Top;
        foreach (var bar in bars)
        {
            var total = bar.Segments.Sum(s => s.Value);
            svg.Text(left - 10, y + (BarHeight / 2) + 5, bar.Label, "end", "bar-label", bar.LabelColor);
            var x = left;
            foreach (var segment in bar.Segments.Where(s => s.Value > 0))
            {
                var length = scale.Map(segment.Value) - scale.Map(0);
                var share = total > 0 ? segment.Value / total : 0;
                svg.Rect(x, y, length, BarHeight, segment.Color, $"{bar.Label}: {segment.Name} {format(segment.Value)} {unit} ({ReportFormat.Percent(share)}%)");
                if (length >= MinLabelledWidth)
                {
                    svg.Text(x + (length / 2), y + (BarHeight / 2) + 4, format(segment.Value), "middle", "in-bar");
                }

                x += length;
            }

            svg.Text(x + 6, y + (BarHeight / 2) + 4, $"{format(total)} {unit}", "start", "total");
            y += BarHeight + Gap;
        }

        Legend.Draw(svg, legend, left, 16);
        return svg.ToString();
    }
}

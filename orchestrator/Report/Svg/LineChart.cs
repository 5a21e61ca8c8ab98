namespace Simul.Orchestrator.Report.Svg;

/// <summary>One line of a chart; a marked point gets a cross and a tooltip (e.g. where a sweep stopped).</summary>
internal sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false, string? EndMark = null);

/// <summary>An axis: its title, how its numbers read, and the kind of scale.</summary>
internal sealed record Axis(string Title, Func<double, string> Label, bool Log = false, IReadOnlyList<double>? FixedTicks = null)
{
    public Scale ScaleFor(IEnumerable<double> values, double pixelFrom, double pixelTo) =>
        Log ? Scale.Log(values, pixelFrom, pixelTo, FixedTicks)
        : FixedTicks is { } ticks ? Scale.Fixed(ticks, pixelFrom, pixelTo)
        : Scale.Linear(values, pixelFrom, pixelTo);
}

/// <summary>A stretch of the x axis shaded behind the lines, named on hover and at its top
/// (e.g. a fault stage on a run's time axis).</summary>
internal sealed record Band(double From, double To, string Label, string Fill = Band.Amber)
{
    public const string Amber = "#fef3c7", Blue = "#dbeafe";
}

/// <summary>Lines over a grid with labelled axes and a legend across the top.</summary>
internal static class LineChart
{
    private const double Left = 64, Right = 18, Top = 40, Bottom = 46;

    public static string Render(string label, Axis x, Axis y, IReadOnlyList<Series> series, IReadOnlyList<LegendEntry> legend, double width, double height, IReadOnlyList<Band>? bands = null)
    {
        var svg = new SvgCanvas(width, height, label);
        var xs = x.ScaleFor(series.SelectMany(s => s.Points).Select(p => p.X).Concat((bands ?? []).SelectMany(b => new[] { b.From, b.To })), Left, width - Right);
        var ys = y.ScaleFor(series.SelectMany(s => s.Points).Select(p => p.Y), height - Bottom, Top);
        foreach (var band in bands ?? [])
        {
            svg.Rect(xs.Map(band.From), Top, xs.Map(band.To) - xs.Map(band.From), height - Bottom - Top, band.Fill, band.Label)
               .Text(xs.Map(band.From) + 4, Top + 12, band.Label, "start", "tick");
        }

        foreach (var tick in ys.Ticks)
        {
            svg.Line(Left, ys.Map(tick), width - Right, ys.Map(tick), ChartColors.Grid)
               .Text(Left - 6, ys.Map(tick) + 4, y.Label(tick), "end", "tick");
        }

        foreach (var tick in xs.Ticks)
        {
            svg.Line(xs.Map(tick), Top, xs.Map(tick), height - Bottom, ChartColors.Grid)
               .Text(xs.Map(tick), height - Bottom + 16, x.Label(tick), "middle", "tick");
        }

        svg.Line(Left, height - Bottom, width - Right, height - Bottom, ChartColors.Axis)
           .Line(Left, Top, Left, height - Bottom, ChartColors.Axis)
           .Text((Left + width - Right) / 2, height - 8, x.Title, "middle", "axis")
           .Text(Left, Top - 10, y.Title, "start", "axis");

        foreach (var line in series)
        {
            var points = line.Points.Select(p => (xs.Map(p.X), ys.Map(p.Y))).ToList();
            svg.Polyline(points, line.Color, line.Dashed ? 1.5 : 2.5, line.Dashed);
            if (!line.Dashed)
            {
                foreach (var (px, py) in points)
                {
                    svg.Circle(px, py, 3, line.Color);
                }
            }

            if (line.EndMark is { } mark && points.Count > 0)
            {
                var (ex, ey) = points[^1];
                svg.Circle(ex, ey, 7, ChartColors.Mark, $"{line.Name}: {mark}").Text(ex, ey + 4, "!", "middle", "mark");
            }
        }

        Legend.Draw(svg, legend, Left, 14);
        return svg.ToString();
    }
}

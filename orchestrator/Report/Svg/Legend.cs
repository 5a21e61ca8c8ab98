namespace Simul.Orchestrator.Report.Svg;

/// <summary>A legend entry: a coloured swatch (a block, or a dashed line) and its name.</summary>
internal sealed record LegendEntry(string Name, string Color, bool Dashed = false);

/// <summary>Legend entries in one row, left to right.</summary>
internal static class Legend
{
    // Wide enough for names such as "threadpool-shared" at the chart font size.
    private const double CharWidth = 7, Swatch = 14, Gap = 18;

    public static void Draw(SvgCanvas svg, IReadOnlyList<LegendEntry> entries, double x, double y)
    {
        foreach (var entry in entries)
        {
            if (entry.Dashed)
            {
                svg.Line(x, y - 4, x + Swatch + 8, y - 4, entry.Color, 2, dashed: true);
                x += 8;
            }
            else
            {
                svg.Rect(x, y - 10, Swatch, 12, entry.Color);
            }

            svg.Text(x + Swatch + 5, y, entry.Name, "start", "legend");
            x += Swatch + 5 + (entry.Name.Length * CharWidth) + Gap;
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text;

namespace Simul.Orchestrator.Report.Svg;

/// <summary>
/// Writes one inline SVG as XML text. Every string is encoded and every number written in the
/// invariant culture, so the chart parses as XML whatever the names and the machine's locale.
/// </summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder _svg = new();

    public SvgCanvas(double width, double height, string label)
    {
        _svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"img\" aria-label=\"{E(label)}\">");
    }

    public SvgCanvas Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, bool dashed = false) =>
        Add($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{E(stroke)}\" stroke-width=\"{N(width)}\"{Dash(dashed)}/>");

    public SvgCanvas Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width, bool dashed = false) =>
        Add($"<polyline points=\"{string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\" fill=\"none\" stroke=\"{E(stroke)}\" stroke-width=\"{N(width)}\" stroke-linejoin=\"round\"{Dash(dashed)}/>");

    /// <summary>A rectangle; the title is the tooltip a reader gets on hover.</summary>
    public SvgCanvas Rect(double x, double y, double width, double height, string fill, string? title = null) =>
        Add($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(width, 0))}\" height=\"{N(Math.Max(height, 0))}\" fill=\"{E(fill)}\"{Titled(title, "rect")}");

    public SvgCanvas Circle(double cx, double cy, double r, string fill, string? title = null) =>
        Add($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{E(fill)}\" stroke=\"#fff\" stroke-width=\"1\"{Titled(title, "circle")}");

    /// <summary>Text; anchor is start, middle or end; cssClass picks a style from the page.</summary>
    public SvgCanvas Text(double x, double y, string text, string anchor = "start", string? cssClass = null, string? fill = null) =>
        Add($"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\"{Attribute("class", cssClass)}{Attribute("fill", fill)}>{E(text)}</text>");

    public override string ToString() => _svg + "</svg>";

    /// <summary>Numbers as SVG wants them: a dot for decimals, two places are finer than a pixel.</summary>
    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Dash(bool dashed) => dashed ? " stroke-dasharray=\"6 4\"" : "";

    private static string Attribute(string name, string? value) => value is null ? "" : $" {name}=\"{E(value)}\"";

    private static string Titled(string? title, string element) => title is null ? "/>" : $"><title>{E(title)}</title></{element}>";

    private SvgCanvas Add(string element)
    {
        _svg.Append(element);
        return this;
    }
}

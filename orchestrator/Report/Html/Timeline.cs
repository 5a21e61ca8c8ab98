using Simul.Orchestrator.Report.Svg;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report.Html;

/// <summary>
/// A batch drawn in time: one row per request on an axis shared by every model of the scenario,
/// the request's whole latency in the colour of "other", and over it its phases as the worker
/// timed them (queue, spawn, work, wait). The chess simul on the event loop then shows boards
/// taking turns on one champion; a pool of 8 threads shows batches; processes show their spawns.
/// </summary>
internal static class Timeline
{
    private const double Left = 96, Right = 24, Top = 12, Bottom = 34, MaxRowHeight = 14, MinRowHeight = 4, Width = 1060;

    public static string Render(string model, IReadOnlyList<RequestRecord> requests, double axisMs)
    {
        var rowHeight = Math.Clamp(360.0 / Math.Max(requests.Count, 1), MinRowHeight, MaxRowHeight);
        var height = Top + (requests.Count * rowHeight) + Bottom;
        var svg = new SvgCanvas(Width, height, $"{model}: every request of the batch in time");
        var scale = Scale.Linear([axisMs], Left, Width - Right);
        var axisY = Top + (requests.Count * rowHeight);
        foreach (var tick in scale.Ticks)
        {
            svg.Line(scale.Map(tick), Top, scale.Map(tick), axisY, ChartColors.Grid)
               .Text(scale.Map(tick), axisY + 16, Number(tick), "middle", "tick");
        }

        svg.Text(Width - Right, axisY + 30, "ms from the batch's start", "end", "axis");
        var other = Palette.PhaseColors.Single(p => p.Name == "other").Color;
        var colors = Palette.PhaseColors.ToDictionary(p => p.Name, p => p.Color);
        var y = Top;
        foreach (var request in requests)
        {
            var bar = Math.Max(rowHeight - 2, 2);
            if (rowHeight >= 10)
            {
                svg.Text(Left - 8, y + bar - 1, $"#{request.Index} {(request.Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : request.Status)}", "end", "tick");
            }

            svg.Rect(scale.Map(request.StartMs), y, scale.Map(request.StartMs + request.LatencyMs) - scale.Map(request.StartMs), bar, other,
                $"#{request.Index}: {request.Status}, {Number(request.LatencyMs)} ms from {Number(request.StartMs)} ms (pid {request.Pid}, thread {request.ThreadId})");
            foreach (var segment in request.Segments)
            {
                var x = scale.Map(segment.StartMs);
                svg.Rect(x, y, Math.Max(scale.Map(segment.StartMs + segment.DurationMs) - x, 0.5), bar, colors.GetValueOrDefault(segment.Phase, other),
                    $"#{request.Index} {segment.Phase} {Number(segment.DurationMs)} ms at {Number(segment.StartMs)} ms");
            }

            y += rowHeight;
        }

        return svg.ToString();
    }
}

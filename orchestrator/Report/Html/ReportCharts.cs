using Simul.Orchestrator.Report.Svg;
using Simul.Orchestrator.Scenario;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report.Html;

/// <summary>The report's charts, each drawn from the report model with the shared SVG primitives.</summary>
internal sealed class ReportCharts(Palette palette)
{
    // Sized for the page's 1,090 pixel column: phases and latency side by side, the sweep's two
    // charts side by side (the page scales them down in a narrower window).
    private const double PhasesWidth = 620, LatencyWidth = 440, SweepWidth = 530, OverTimeWidth = 530, Height = 270;

    /// <summary>Where the time goes: one bar per model of its mean queue, spawn, work, wait and other.</summary>
    public string WhereTimeGoes(LevelRun run) => StackedBars.Render(
        "mean time per request by phase",
        [.. run.Models.Select(m => new Bar(m.Model, palette.Model(m.Model),
            [.. Palette.PhaseColors.Select(p => new Segment(p.Name, p.Of(m.MeanPhases), p.Color))]))],
        [.. Palette.PhaseColors.Select(p => new LegendEntry(p.Name, p.Color))],
        Number,
        "ms",
        PhasesWidth);

    /// <summary>Latency by percentile. The x axis gives each "nine" the same room (p90, p99,
    /// p99.9), as tails are what tell the models apart; the maximum sits one step past the last.</summary>
    public string Latency(LevelRun run)
    {
        var points = run.Models.SelectMany(m => m.Latency.Distribution).ToList();
        var finite = points.Where(p => p.Percentile < 100).Select(p => Nines(p.Percentile)).DefaultIfEmpty(0);
        // p99.9 computes as 3.0000000000000004: round before taking the ceiling.
        var last = Math.Max(2, Math.Ceiling(Math.Round(finite.Max(), 6)));
        var hasMax = points.Any(p => p.Percentile >= 100);
        double X(double percentile) => percentile >= 100 ? last + 1 : Nines(percentile);
        var ticks = Enumerable.Range(0, (int)last + (hasMax ? 2 : 1)).Select(k => (double)k).ToList();
        var x = new Axis("percentile", k => k > last ? "max" : "p" + Level(100 - (100 / Math.Pow(10, k))), FixedTicks: ticks);
        var series = run.Models
            .Select(m => new Series(m.Model, palette.Model(m.Model), [.. m.Latency.Distribution.Select(p => (X(p.Percentile), p.Milliseconds))]))
            .ToList();
        return LineChart.Render("latency by percentile", x, new Axis("latency ms (log)", Number, Log: true), series, ModelLegend(run.Models.Select(m => m.Model)), LatencyWidth, Height);
    }

    /// <summary>Throughput at each level of the sweep, against the ideal when the scenario knows it.</summary>
    public string Throughput(ScenarioResult sweep)
    {
        var models = ModelsOf(sweep);
        var series = models.Select(name => Curve(sweep, name, m => m.ThroughputPerSecond)).ToList();
        var ideals = models.Select(name => Curve(sweep, name, m => m.IdealThroughputPerSecond)).Where(s => s.Points.Count > 0).ToList();
        var legend = ModelLegend(models);
        if (ideals.Count > 0)
        {
            // The ideal usually depends on the level only: then one grey line says it for all.
            var shared = ideals.All(s => s.Points.SequenceEqual(ideals[0].Points));
            series.InsertRange(0, shared
                ? [ideals[0] with { Name = "ideal", Color = ChartColors.Axis, Dashed = true, EndMark = null }]
                : ideals.Select(s => s with { Dashed = true, EndMark = null }));
            legend = [.. legend, new LegendEntry("ideal", shared ? ChartColors.Axis : ChartColors.Text, Dashed: true)];
        }

        // From one request in flight to thousands, throughput spans decades: then only a log
        // axis shows the low levels at all.
        var values = series.SelectMany(s => s.Points).Select(p => p.Y).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        var y = new Axis("requests/s", Number, Log: values.Max() / values.Min() >= 100);
        return LineChart.Render("throughput by level", LevelAxis(sweep), y, series, legend, SweepWidth, Height);
    }

    /// <summary>Memory per request in flight: bytes for an await, kilobytes for a thread,
    /// megabytes for a process, so the axis is logarithmic.</summary>
    public string MemoryPerRequest(ScenarioResult sweep)
    {
        var models = ModelsOf(sweep);
        var series = models.Select(name => Curve(sweep, name, m => m.Resources.MemoryPerInFlight)).Where(s => s.Points.Count > 0).ToList();
        var y = new Axis("memory per request in flight (log)", Bytes, Log: true, BinaryDecades(series.SelectMany(s => s.Points).Select(p => p.Y)));
        return LineChart.Render("memory per request in flight", LevelAxis(sweep), y, series, ModelLegend(series.Select(s => s.Name)), SweepWidth, Height);
    }

    /// <summary>Every model's run over time, bin by bin, each chart with the load's stages (blue)
    /// and the fault stages (amber) shaded:
    /// answers and failures, the p99, requests in flight and queued, threads and child processes.</summary>
    public IEnumerable<(string Title, string Svg)> OverTime(LevelRun run, ScenarioResult scenario)
    {
        IReadOnlyList<Band> stages = [.. scenario.RateStages.Select(s => new Band(s.FromS, s.ToS, s.Describe(), Band.Blue)),
            .. scenario.Faults.Select(f => new Band(f.AtS, f.EndS, f.Describe()))];
        yield return ("Answered per second (failed dashed)", OverTime(run, stages, "answered per second over time",
            new Axis("calls/s", Number), (t, b) => b.Ok / t.BinSeconds, (t, b) => b.FailedCount / t.BinSeconds, "failed/s"));
        yield return ("p99 latency of the calls answered in each bin", OverTime(run, stages, "p99 latency over time",
            new Axis("p99 ms (log)", Number, Log: true), (_, b) => b.P99Ms));
        yield return ("Requests in flight at the worker (queued dashed)", OverTime(run, stages, "requests in flight over time",
            new Axis("requests", Number), (_, b) => b.InFlight, (_, b) => b.Queued, "queued"));
        yield return ("Threads (child processes dashed)", OverTime(run, stages, "threads over time",
            new Axis("threads", Number), (_, b) => b.Threads, (_, b) => b.Children, "child processes"));
    }

    /// <summary>One figure over time, a line per model (and a dashed one for
    /// <paramref name="dashed"/>, e.g. failures beside answers), the stages shaded.</summary>
    private string OverTime(LevelRun run, IReadOnlyList<Band> stages, string label, Axis y, Func<Stats.RunTimeline, Stats.TimelineBin, double?> value,
        Func<Stats.RunTimeline, Stats.TimelineBin, double?>? dashed = null, string? dashedName = null)
    {
        var models = run.Models.Where(m => m.Timeline is { Bins.Count: > 0 }).ToList();
        var series = models.Select(m => TimeSeries(m, value, dashed: false)).ToList();
        var legend = ModelLegend(models.Select(m => m.Model));
        if (dashed is not null)
        {
            series.AddRange(models.Select(m => TimeSeries(m, dashed, dashed: true)).Where(s => s.Points.Any(p => p.Y > 0)));
            legend = [.. legend, new LegendEntry(dashedName!, ChartColors.Text, Dashed: true)];
        }

        var x = new Axis("seconds from the start of the measured window", Number);
        return LineChart.Render(label, x, y, series, legend, OverTimeWidth, Height, stages);
    }

    private Series TimeSeries(ModelResult model, Func<Stats.RunTimeline, Stats.TimelineBin, double?> value, bool dashed)
    {
        var timeline = model.Timeline!;
        var points = timeline.Bins.Select(b => (X: b.FromS + (timeline.BinSeconds / 2), Y: value(timeline, b))).Where(p => p.Y is not null).Select(p => (p.X, p.Y!.Value)).ToList();
        return new Series(model.Model, palette.Model(model.Model), points, Dashed: dashed);
    }

    public static bool HasMemoryPerRequest(ScenarioResult sweep) =>
        sweep.Runs.SelectMany(r => r.Models).Any(m => m.Resources.MemoryPerInFlight is not null);

    /// <summary>Ticks a byte count reads well at (100 B, 1 KiB, 10 KiB, ... 100 MiB), from the
    /// last one at or below the smallest value to the first at or above the largest.</summary>
    private static List<double> BinaryDecades(IEnumerable<double> bytes)
    {
        var values = bytes.Where(b => b > 0).DefaultIfEmpty(1).ToList();
        var candidates = Enumerable.Range(0, 4).SelectMany(k => new[] { 1.0, 10, 100 }.Select(m => m * Math.Pow(1024, k))).ToList();
        var low = candidates.LastOrDefault(c => c <= values.Min(), candidates[0]);
        var high = candidates.FirstOrDefault(c => c >= values.Max(), candidates[^1]);
        return [.. candidates.Where(c => c >= low && c <= high)];
    }

    /// <summary>p = 1 - 10^-x: p90 at 1, p99 at 2, p99.9 at 3.</summary>
    private static double Nines(double percentile) => -Math.Log10(1 - (percentile / 100));

    private static List<string> ModelsOf(ScenarioResult sweep) =>
        [.. sweep.Runs.SelectMany(r => r.Models).Select(m => m.Model).Distinct()];

    /// <summary>A model's value at every level it ran, marked where its sweep stopped.</summary>
    private Series Curve(ScenarioResult sweep, string model, Func<ModelResult, double?> value)
    {
        var runs = sweep.Runs
            .Where(r => r.Level is not null)
            .SelectMany(r => r.Models.Where(m => m.Model == model && value(m) is not null).Select(m => (Level: r.Level!.Value, Result: m)))
            .OrderBy(p => p.Level)
            .ToList();
        return new Series(model, palette.Model(model), [.. runs.Select(p => (p.Level, value(p.Result)!.Value))], EndMark: runs.LastOrDefault().Result?.LimitReason);
    }

    /// <summary>Ticks at the sweep's own levels; levels that span a decade or more (concurrency
    /// 1 to 4096) read best on a log axis.</summary>
    private static Axis LevelAxis(ScenarioResult sweep)
    {
        var levels = sweep.Runs.Select(r => r.Level).OfType<double>().Distinct().Order().ToList();
        var log = levels.Count > 0 && levels[0] > 0 && levels[^1] / levels[0] >= 10;
        return new Axis(sweep.SweepOf.Word(), Level, log, levels.Count > 0 ? levels : null);
    }

    private List<LegendEntry> ModelLegend(IEnumerable<string> models) =>
        [.. models.Distinct().Select(m => new LegendEntry(m, palette.Model(m)))];
}

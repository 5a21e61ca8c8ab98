namespace Simul.Orchestrator.Report.Svg;

/// <summary>
/// Maps data values onto a pixel range, with the tick values an axis labels. Log scales are for
/// quantities that span decades (latency tails, bytes per request from async to processes).
/// </summary>
internal sealed class Scale
{
    private readonly Func<double, double> _toUnit;
    private readonly double _pixelFrom;
    private readonly double _pixelTo;

    private Scale(Func<double, double> toUnit, IReadOnlyList<double> ticks, double pixelFrom, double pixelTo)
    {
        _toUnit = toUnit;
        Ticks = ticks;
        _pixelFrom = pixelFrom;
        _pixelTo = pixelTo;
    }

    public IReadOnlyList<double> Ticks { get; }

    /// <summary>The pixel for a value; values outside the domain stay on the chart's edge.</summary>
    public double Map(double value) => _pixelFrom + (Math.Clamp(_toUnit(value), 0, 1) * (_pixelTo - _pixelFrom));

    /// <summary>From zero to a round number at or above the largest value, in 1-2-5 steps.</summary>
    public static Scale Linear(IEnumerable<double> values, double pixelFrom, double pixelTo)
    {
        var max = values.DefaultIfEmpty(1).Max();
        var step = NiceStep(max > 0 ? max / 5 : 1);
        var top = Math.Ceiling(max / step) * step;
        if (top <= 0)
        {
            top = step;
        }

        var ticks = Enumerable.Range(0, (int)Math.Round(top / step) + 1).Select(i => i * step).ToList();
        return new Scale(v => v / top, ticks, pixelFrom, pixelTo);
    }

    /// <summary>Ticks chosen by the caller (e.g. percentiles placed by their own rule).</summary>
    public static Scale Fixed(IReadOnlyList<double> ticks, double pixelFrom, double pixelTo)
    {
        var (low, high) = (ticks.Min(), ticks.Max());
        return new Scale(v => high > low ? (v - low) / (high - low) : 0, ticks, pixelFrom, pixelTo);
    }

    /// <summary>Whole decades around the values; ticks at 1, 2 and 5 per decade while that
    /// stays readable, at every power of ten beyond. Given ticks (e.g. the levels of a sweep)
    /// replace both: the scale then spans exactly those ticks and the values.</summary>
    public static Scale Log(IEnumerable<double> values, double pixelFrom, double pixelTo, IReadOnlyList<double>? ticks = null)
    {
        var positive = values.Concat(ticks ?? []).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        double low, high;
        if (ticks is null)
        {
            low = Math.Floor(Math.Log10(positive.Min()));
            high = Math.Max(Math.Ceiling(Math.Log10(positive.Max())), low + 1);
            double[] steps = high - low <= 3 ? [1, 2, 5] : [1];
            ticks = [.. Enumerable.Range((int)low, (int)(high - low) + 1)
                .SelectMany(d => steps.Select(s => s * Math.Pow(10, d)))
                .Where(t => t <= Math.Pow(10, high) * 1.0001)];
        }
        else
        {
            (low, high) = (Math.Log10(positive.Min()), Math.Log10(positive.Max()));
        }

        return new Scale(v => high > low ? (Math.Log10(Math.Max(v, double.Epsilon)) - low) / (high - low) : 0, ticks, pixelFrom, pixelTo);
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        return magnitude * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10);
    }
}

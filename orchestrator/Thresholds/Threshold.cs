using System.Globalization;
using System.Text.RegularExpressions;

namespace Simul.Orchestrator.Thresholds;

/// <summary>
/// A limit a run must keep, written MODEL:FIGURE OP BOUND: "async:p99&lt;250ms",
/// "*:error_rate&lt;0.01", "threadpool:throughput&gt;=0.9*predicted". MODEL is a model's name or
/// * (every model); FIGURE one of <see cref="ThresholdFigures.ByName"/>; OP &lt;, &lt;=, &gt; or
/// &gt;=; BOUND a number in the figure's unit (latencies and makespans in ms, or s with that
/// unit; throughput per second, "/s" optional; an error rate as a fraction or with %), or a
/// factor of what queueing predicted for the row ("0.9*predicted", "predicted").
/// </summary>
public sealed partial record Threshold(string Expression, string Model, ThresholdFigure Figure, string Operator, double Bound, bool OfPredicted)
{
    public const string Syntax = "MODEL:FIGURE OP BOUND, e.g. async:p99<250ms, *:error_rate<0.01, threadpool:throughput>=0.9*predicted";

    public static Threshold Parse(string expression)
    {
        var match = Shape().Match(expression.Trim());
        if (!match.Success)
        {
            throw new FormatException($"a threshold is {Syntax}; got '{expression}'");
        }

        var name = match.Groups["figure"].Value;
        if (!ThresholdFigures.ByName.TryGetValue(name, out var figure))
        {
            throw new FormatException($"threshold '{expression}': no figure '{name}'; the figures are {string.Join(", ", ThresholdFigures.ByName.Keys)}");
        }

        var bound = match.Groups["bound"].Value;
        var (value, ofPredicted) = ParseBound(expression, figure, bound);
        return new Threshold(expression.Trim(), match.Groups["model"].Value, figure, match.Groups["op"].Value, value, ofPredicted);
    }

    public bool AppliesTo(string model) => Model == "*" || Model == model;

    /// <summary>The limit for one row: the bound, or the bound times the row's prediction.</summary>
    public double? LimitFor(double? predicted) => OfPredicted ? Bound * predicted : Bound;

    public bool Holds(double measured, double limit) => Operator switch
    {
        "<" => measured < limit,
        "<=" => measured <= limit,
        ">" => measured > limit,
        _ => measured >= limit,
    };

    private static (double Value, bool OfPredicted) ParseBound(string expression, ThresholdFigure figure, string bound)
    {
        if (Predicted().Match(bound) is { Success: true } relative)
        {
            if (figure is not (ThresholdFigure.Throughput or ThresholdFigure.Makespan))
            {
                throw new FormatException($"threshold '{expression}': only throughput and makespan have a prediction to compare with");
            }

            return (relative.Groups["factor"].Success ? Number(expression, relative.Groups["factor"].Value) : 1, true);
        }

        var quantity = Quantity().Match(bound);
        if (!quantity.Success)
        {
            throw new FormatException($"threshold '{expression}': the bound '{bound}' is not a number with a unit, nor a factor of 'predicted'");
        }

        var number = Number(expression, quantity.Groups["number"].Value);
        return (quantity.Groups["unit"].Value, figure) switch
        {
            ("ms" or "", _) when figure.IsTime() => (number, false),
            ("s", _) when figure.IsTime() => (number * 1000, false),
            ("/s" or "", ThresholdFigure.Throughput) => (number, false),
            ("", ThresholdFigure.ErrorRate) when number <= 1 => (number, false),
            ("%", ThresholdFigure.ErrorRate) => (number / 100, false),
            var (unit, _) => throw new FormatException($"threshold '{expression}': {UnitsOf(figure)}, not '{(unit == "" ? number.ToString(CultureInfo.InvariantCulture) : unit)}'"),
        };
    }

    private static string UnitsOf(ThresholdFigure figure) => figure switch
    {
        ThresholdFigure.Throughput => "throughput is per second (a number, or with /s)",
        ThresholdFigure.ErrorRate => "an error rate is a fraction from 0 to 1, or a percentage with %",
        _ => "a latency or makespan is in ms or s",
    };

    private static double Number(string expression, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"threshold '{expression}': '{text}' is not a number");

    [GeneratedRegex(@"^(?<model>[A-Za-z0-9_.\-]+|\*):(?<figure>[a-z0-9_]+)\s*(?<op><=|>=|<|>)\s*(?<bound>\S.*)$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^(?:(?<factor>[0-9.]+)\s*\*\s*)?predicted$")]
    private static partial Regex Predicted();

    [GeneratedRegex(@"^(?<number>[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*(?<unit>ms|s|/s|%)?$")]
    private static partial Regex Quantity();
}

using System.Globalization;

namespace Simul.Grpc.Protocol;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 ASCII digits followed by one unit,
/// H (hours), M (minutes), S (seconds), m (milliseconds), u (microseconds) or n (nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    // Longer than any timer can run: treated as "no deadline" by callers.
    public static readonly TimeSpan Infinite = TimeSpan.MaxValue;

    public static bool TryParse(string? header, out TimeSpan timeout)
    {
        timeout = default;
        if (header is null || header.Length is < 2 or > 9)
        {
            return false;
        }

        var digits = header.AsSpan(0, header.Length - 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        const long ticksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
        var ticks = header[^1] switch
        {
            'H' => (decimal)value * TimeSpan.TicksPerHour,
            'M' => (decimal)value * TimeSpan.TicksPerMinute,
            'S' => (decimal)value * TimeSpan.TicksPerSecond,
            'm' => (decimal)value * TimeSpan.TicksPerMillisecond,
            'u' => (decimal)value * ticksPerMicrosecond,
            'n' => Math.Ceiling(value / 100m),
            _ => -1m,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = ticks >= TimeSpan.MaxValue.Ticks ? Infinite : TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>Formats a positive timeout in the finest unit that fits in 8 digits, rounding up.</summary>
    public static string Format(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var ticks = (decimal)timeout.Ticks;
        (decimal TicksPerUnit, char Unit)[] units =
        [
            (TimeSpan.TicksPerMillisecond / 1000m, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (ticksPerUnit, unit) in units)
        {
            var value = Math.Ceiling(ticks / ticksPerUnit);
            if (value <= MaxValue)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{value}{unit}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{MaxValue}H");
    }
}

using System.Globalization;

namespace Simul.Contracts.Faults;

/// <summary>
/// How upstream misbehaves now, set over <c>/faults</c> by a scenario's fault stages: every
/// response's delay multiplied (<see cref="DelayFactor"/>) or fixed (<see cref="DelayMs"/>), and
/// shares of requests that fail with <see cref="ErrorStatus"/>, hang until the caller gives up,
/// or have their connection reset. The shares are drawn per request, in that order. Everything is
/// bounded: a fault cannot make upstream wait past <see cref="MaxDelayMs"/>. Upstream serves it
/// (JSON, snake_case); a scenario's fault stages send it, so both validate it alike.
/// </summary>
public sealed record FaultProfile(double DelayFactor = 1, int? DelayMs = null, double ErrorRate = 0, int ErrorStatus = 503, double HangRate = 0, double ResetRate = 0)
{
    public const double MaxDelayFactor = 1000;

    /// <summary>The longest upstream waits before it answers, asked for or stretched by a fault.</summary>
    public const int MaxDelayMs = 60_000;

    public static FaultProfile None { get; } = new();

    /// <summary>What is wrong with the profile, naming the field, or null when it is valid.</summary>
    public string? Problem() => this switch
    {
        { DelayFactor: < 0 or > MaxDelayFactor } or { DelayFactor: double.NaN } => $"delay_factor must be from 0 to {MaxDelayFactor}, got {Show(DelayFactor)}",
        { DelayMs: < 0 or > MaxDelayMs } => $"delay_ms must be from 0 to {MaxDelayMs}, got {DelayMs}",
        { ErrorStatus: < 500 or > 599 } => $"error_status must be a server error, 500 to 599, got {ErrorStatus}",
        _ when !IsShare(ErrorRate) => $"error_rate must be a share from 0 to 1, got {Show(ErrorRate)}",
        _ when !IsShare(HangRate) => $"hang_rate must be a share from 0 to 1, got {Show(HangRate)}",
        _ when !IsShare(ResetRate) => $"reset_rate must be a share from 0 to 1, got {Show(ResetRate)}",
        _ when ErrorRate + HangRate + ResetRate > 1 => $"error_rate, hang_rate and reset_rate add up to {Show(ErrorRate + HangRate + ResetRate)}: at most 1",
        _ => null,
    };

    /// <summary>The delay a request asking for <paramref name="askedMs"/> gets.</summary>
    public int DelayOf(int askedMs) => DelayMs ?? (int)Math.Min(MaxDelayMs, Math.Round(askedMs * DelayFactor));

    /// <summary>What happens to one request, drawn from <paramref name="draw"/> (uniform in [0, 1)).</summary>
    public FaultOutcome Draw(double draw) => draw switch
    {
        _ when draw < ErrorRate => FaultOutcome.Error,
        _ when draw < ErrorRate + HangRate => FaultOutcome.Hang,
        _ when draw < ErrorRate + HangRate + ResetRate => FaultOutcome.Reset,
        _ => FaultOutcome.Answer,
    };

    private static bool IsShare(double value) => value is >= 0 and <= 1;

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}

public enum FaultOutcome
{
    Answer,
    Error,
    Hang,
    Reset,
}

namespace Simul.Orchestrator.Commands;

/// <summary>What `simul` says by its exit code, so a CI job can tell a broken run from a slow one.</summary>
public static class ExitCodes
{
    /// <summary>Every request answered right, every threshold kept.</summary>
    public const int Ok = 0;

    /// <summary>Some request failed or gave a wrong answer: the figures are not to be trusted,
    /// whatever the thresholds say.</summary>
    public const int RequestsFailed = 1;

    /// <summary>The command line, a scenario file or the local stack was wrong; nothing ran.</summary>
    public const int Usage = 2;

    /// <summary>Every request answered right, but a threshold was breached (or checked nothing).</summary>
    public const int ThresholdsBreached = 3;

    /// <summary>Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    public static int Of(Report.RunReport report) =>
        !report.AllOk ? RequestsFailed : report.Thresholds is { Breached: true } ? ThresholdsBreached : Ok;
}

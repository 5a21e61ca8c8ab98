namespace Simul.Orchestrator.Report;

/// <summary>The chess simul told in story time: one board after another, and as a simul.</summary>
public sealed record Story(int Boards, int Moves, double MoveSeconds, double ReplySeconds, double RunSecondsPerStorySecond);

/// <summary>The story as run: OneBoardAskedSeconds is what one board's moves and waits ask at the
/// time scale; one board took longer by its waits' slack (a timer wakes late), its call's
/// transport and the model's start-up, which the story's "one after another" inherits.</summary>
public sealed record StoryResult(double OneBoardRunSeconds, double SequentialStoryHours, double SimulRunSeconds, double SimulStoryHours, double Ratio, double OneBoardAskedSeconds = 0)
{
    /// <summary>How much longer one board took than its moves and waits ask (0.07: 7% longer).</summary>
    public double OneBoardOverrun => OneBoardAskedSeconds > 0 ? (OneBoardRunSeconds / OneBoardAskedSeconds) - 1 : 0;

    /// <summary>Each of one board's waits asked this long (the reply at the time scale)...</summary>
    public double AskedWaitMs { get; init; }

    /// <summary>... and woke (or, awaited, resumed) this much later on average, as its worker
    /// measured them: a runtime's timer slack and its loop's latency to resume.</summary>
    public double WaitSlackMs { get; init; }
}

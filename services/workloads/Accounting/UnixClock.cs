namespace Simul.Workloads.Accounting;

/// <summary>Wall-clock microseconds since the Unix epoch: the one clock a parent process and
/// its child can both read, so the child's start can be placed on the parent's timeline.</summary>
public static class UnixClock
{
    public static long NowMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}

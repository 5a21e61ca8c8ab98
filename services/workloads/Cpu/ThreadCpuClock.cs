using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Simul.Workloads.Cpu;

/// <summary>
/// CPU time consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). This is what makes
/// "work" honest: it excludes time the thread spent blocked, sleeping, or waiting for a core.
/// Where the clock is not available (not Linux) it falls back to wall time, which overstates
/// work under contention; <see cref="IsThreadCpuTime"/> says which one is in use.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsThreadCpuTime { get; } = OperatingSystem.IsLinux();

    public static long NowMicroseconds()
    {
        if (IsThreadCpuTime && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000) + (time.Nanoseconds / 1_000);
        }

        return Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}

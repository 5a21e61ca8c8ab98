namespace Simul.Workloads.Cpu;

/// <summary>
/// Spends a given amount of on-CPU time computing (the chess champion thinking about a move).
/// Measured on the thread's CPU clock, so time spent preempted or waiting for a core does not
/// count: the work is the same whatever the contention. One step is a short arithmetic loop.
/// </summary>
public sealed class CpuBurn(long cpuMicroseconds) : ICpuTask
{
    private const int IterationsPerStep = 64;
    private const int StepsBetweenClockReads = 16;
    private long _spentUs;
    private ulong _state = 0x9E3779B97F4A7C15;

    public bool Run(long maxSteps)
    {
        var sliceStart = ThreadCpuClock.NowMicroseconds();
        for (long step = 0; step < maxSteps; step++)
        {
            for (var i = 0; i < IterationsPerStep; i++)
            {
                // xorshift: cheap, and its result is kept so the loop cannot be optimised away.
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
            }

            if (step % StepsBetweenClockReads == 0 && _spentUs + ThreadCpuClock.NowMicroseconds() - sliceStart >= cpuMicroseconds)
            {
                break;
            }
        }

        _spentUs += ThreadCpuClock.NowMicroseconds() - sliceStart;
        return _spentUs >= cpuMicroseconds;
    }
}

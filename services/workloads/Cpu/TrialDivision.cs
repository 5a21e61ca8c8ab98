namespace Simul.Workloads.Cpu;

/// <summary>
/// The naive primality test of the source experiment, kept naive on purpose (it is the CPU part
/// of the workload): <c>y</c> is prime if no <c>i</c> with 2 &lt;= i &lt; y divides it, tried from
/// the top down as the source writes it (<c>for i in range(y-1, 1, -1)</c>), so a composite costs
/// y - y/p divisions before its largest divisor y/p is found, not p. One step is one division.
/// </summary>
public sealed class TrialDivision(long candidate) : ICpuTask
{
    private long _divisor = candidate - 1;

    public long Candidate { get; } = candidate;

    /// <summary>Known once <see cref="Run"/> has returned true.</summary>
    public bool IsPrime { get; private set; }

    public bool Run(long maxSteps)
    {
        var end = Math.Max(1, _divisor - maxSteps);
        for (; _divisor > end; _divisor--)
        {
            if (Candidate % _divisor == 0)
            {
                IsPrime = false;
                return true;
            }
        }

        if (_divisor > 1)
        {
            return false;
        }

        IsPrime = Candidate >= 2;
        return true;
    }
}

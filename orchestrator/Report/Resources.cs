namespace Simul.Orchestrator.Report;

/// <summary>Process start until the child began work, over the measured requests (process model).</summary>
public sealed record SpawnStats(double P50, double P99, double Max);

/// <summary>
/// The worker's peaks during the run, from Describe: memory is the worker's RSS plus its children's
/// PSS. MemoryPerInFlight is (peak - before) / peak in flight; in a sweep MemorySlopePerInFlight is
/// the growth from the level below per added request in flight. CpuSeconds: what the worker (and
/// its children) used during the run; CpuCoresBusy: that over the run's wall time, in cores;
/// RunningAtOnce: how many requests the worker ran at once (in flight and not queued: computing or
/// in their waits) through the second half of the measured window, the median of its samples.
/// ExpiredInQueue: requests that left the worker's queue without starting, their deadline passed
/// or their call cancelled (they took no thread, child or loop time).
/// </summary>
public sealed record Resources(
    int PeakThreads,
    int PeakChildProcesses,
    long PeakMemoryBytes,
    long BaselineMemoryBytes,
    int PeakInFlight,
    long Spawned,
    double? MemoryPerInFlight,
    double? MemorySlopePerInFlight,
    double CpuSeconds,
    double CpuCoresBusy = 0,
    int RunningAtOnce = 0,
    long ExpiredInQueue = 0);

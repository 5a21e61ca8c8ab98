using HdrHistogram;
using Simul.Orchestrator.Load;

namespace Simul.Orchestrator.Stats;

/// <summary>A row's latencies as an HdrHistogram (the OK calls of its measured window, in
/// microseconds, 3 significant digits from 1 µs to an hour), stamped with the window's wall-clock
/// start and end, so HdrHistogram's tools can plot and merge a run's rows (latency.hlog).</summary>
public static class LatencyHistograms
{
    private const long HourUs = 3_600_000_000;

    public static HistogramBase Of(LoadResult load, DateTimeOffset windowStart)
    {
        var histogram = new LongHistogram(HourUs, 3);
        foreach (var call in load.Calls.Where(c => c.Measured && c.Outcome.IsOk))
        {
            histogram.RecordValue(Math.Clamp(call.EndUs - call.IntendedUs, 1, histogram.HighestTrackableValue));
        }

        histogram.StartTimeStamp = windowStart.ToUnixTimeMilliseconds();
        histogram.EndTimeStamp = histogram.StartTimeStamp + ((load.WindowEndUs - load.WindowStartUs) / 1000);
        return histogram;
    }
}

using System.Globalization;
using System.Text;
using CsvHelper;
using HdrHistogram;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

/// <summary>figures.csv and latency.hlog, read back by the libraries other tools use.</summary>
public class ExportTests
{
    [Fact]
    public void Figures_csv_has_a_row_per_scenario_level_and_model_that_reads_back_as_written()
    {
        var report = ReportSamples.Build();
        using var text = new StringWriter();

        FiguresCsv.Write(report, text);

        var rows = Read(text.ToString());
        Assert.Equal(report.Scenarios.Sum(s => s.Runs.Sum(r => r.Models.Count)), rows.Count);
        Assert.Equal(FiguresCsv.Headers, rows[0].Keys);
        var process = rows.Single(r => r["scenario"] == "seed-primes" && r["model"] == "process");
        // A label with a comma survives the quoting.
        Assert.Equal("process (aot, 64 slots)", process["label"]);
        Assert.Equal(("48", "46", "2"), (process["sent"], process["ok"], process["failed"]));
        var sweep = rows.Single(r => r["scenario"] == "concurrency-sweep" && r["level"] == "16" && r["model"] == "async");
        var model = report.Scenarios[2].Runs[1].Models.Single(m => m.Model == "async");
        Assert.Equal(model.ThroughputPerSecond, double.Parse(sweep["throughput_per_second"], CultureInfo.InvariantCulture));
        Assert.Equal(model.Latency.P99, double.Parse(sweep["p99_ms"], CultureInfo.InvariantCulture), 3);
        Assert.Equal("", sweep["makespan_ms"]); // not a batch
    }

    [Fact]
    public void Latency_log_holds_each_rows_histogram_tagged_and_timed_for_HdrHistograms_reader()
    {
        var report = ReportSamples.Build();
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        // 1,000 OK calls of 1 to 1,000 ms in a 10 s window, and one failed call that must not count.
        var calls = Enumerable.Range(1, 1000).Select(i => new CallRecord(0, 0, i * 1000L, new CallOutcome(CallOutcome.Ok, null, null), CallWindow.Measured))
            .Append(new CallRecord(0, 0, 5_000_000, new CallOutcome("UNAVAILABLE", null, null), CallWindow.Measured)).ToList();
        var histogram = LatencyHistograms.Of(new LoadResult(calls, 0, 10_000_000, 0), start);
        var sweep = report.Scenarios[2];
        var withHistogram = sweep with { Runs = [sweep.Runs[1] with { Models = [.. sweep.Runs[1].Models.Select(m => m with { LatencyHistogram = histogram })] }] };
        report = report with { Scenarios = [report.Scenarios[0], withHistogram] };
        using var log = new MemoryStream();

        LatencyLog.Write(report, log);

        Assert.DoesNotContain((byte)0, log.ToArray()); // ASCII, not HdrHistogram.NET's UTF-16
        log.Position = 0;
        using var reader = new HistogramLogReader(log);
        var read = reader.ReadHistograms().ToList();
        Assert.Equal(["concurrency-sweep@16/process", "concurrency-sweep@16/threadpool", "concurrency-sweep@16/async", "concurrency-sweep@16/async-loop"], read.Select(h => h.Tag));
        Assert.All(read, h =>
        {
            Assert.Equal(1000, h.TotalCount);
            Assert.InRange(h.GetValueAtPercentile(99), 990_000 * 0.999, 990_000 * 1.001);
            Assert.Equal(start.ToUnixTimeMilliseconds(), h.StartTimeStamp);
            Assert.Equal(start.ToUnixTimeMilliseconds() + 10_000, h.EndTimeStamp);
        });
    }

    [Fact]
    public void The_report_files_include_the_exports_and_the_latency_log_only_when_rows_have_histograms()
    {
        var directory = Path.Combine(Path.GetTempPath(), "simul-tests", nameof(ExportTests), Guid.NewGuid().ToString("N"));
        try
        {
            var files = ReportFiles.WriteAll(ReportSamples.Build(), directory);

            Assert.Equal(["report.json", "report.md", "report.html", "figures.csv"], files.Select(Path.GetFileName));
            Assert.False(File.Exists(Path.Combine(directory, "latency.hlog")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Requests_csv_lists_every_call_of_a_row_that_kept_them_from_its_first_send_with_the_workers_phases()
    {
        var report = ReportSamples.Build();
        var reply = new Contracts.V1.WorkReply { Value = 997, Timing = new Contracts.V1.Timing { QueueUs = 5, WorkUs = 700, WaitUs = 30_000, TotalUs = 31_000 } };
        IReadOnlyList<CallRecord> calls =
        [
            new(1_000_000, 1_000_000, 1_032_000, new CallOutcome(CallOutcome.Ok, reply, "4bf92f35"), CallWindow.WarmUp),
            new(1_050_000, 1_051_000, 1_090_000, new CallOutcome(CallOutcome.Ok, reply, null), CallWindow.Measured),
            new(1_100_000, 1_100_000, 1_600_000, new CallOutcome("DEADLINE_EXCEEDED", null, null), CallWindow.Measured),
        ];
        var seed = report.Scenarios[0];
        report = report with { Scenarios = [seed with { Runs = [seed.Runs[0] with { Models = [seed.Runs[0].Models[2] with { Calls = calls }] }] }] };
        using var text = new StringWriter();

        RequestsCsv.Write(report, text);

        var rows = Read(text.ToString());
        Assert.Equal(RequestsCsv.Headers, rows[0].Keys);
        Assert.Equal(["warm_up", "measured", "measured"], rows.Select(r => r["window"]));
        Assert.Equal(("0", "32000", "32", "OK", "4bf92f35"), (rows[0]["intended_us"], rows[0]["end_us"], rows[0]["latency_ms"], rows[0]["status"], rows[0]["trace_id"]));
        Assert.Equal(("50000", "51000", "700", "30000"), (rows[1]["intended_us"], rows[1]["sent_us"], rows[1]["work_us"], rows[1]["wait_us"]));
        Assert.Equal(("DEADLINE_EXCEEDED", "", "500"), (rows[2]["status"], rows[2]["work_us"], rows[2]["latency_ms"]));
        Assert.All(rows, r => Assert.Equal(("seed-primes", "async"), (r["scenario"], r["model"])));
    }

    private static List<Dictionary<string, string>> Read(string csv)
    {
        using var reader = CsvReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(h => h, h => reader.GetString(h)));
        }

        return rows;
    }
}

using System.Text.RegularExpressions;
using Simul.Contracts.V1;

namespace Simul.Dashboards.Tests;

/// <summary>
/// The KEDA overlay's trigger queries against a real Prometheus scraping real workers: each one
/// for a worker running here (.NET, CPython and Node ones) returns a value for it, and the thread
/// pool's rises when its threads are all busy (64
/// callers, each request holding a thread for 1.5 s, on 32 threads: idle it says 0, saturated it
/// says at least the 32 busy threads / 0.8).
/// </summary>
[Collection(SharedScrapedWorkers.Name)]
public partial class KedaTriggerTests(ScrapedWorkers workers)
{
    private static readonly string ScaledObjects = Path.Combine(Simul.Orchestrator.Local.RepoLayout.Root!, "k8s", "overlays", "keda", "scaledobjects.yaml");

    [SkippableFact]
    public async Task Every_trigger_query_answers_and_the_thread_pools_rises_with_its_load()
    {
        Skip.IfNot(ScrapedWorkers.Installed, $"{ScrapedWorkers.PrometheusProgram} is not installed (apt-get install prometheus; .ci/install-prerequisites.sh does)");
        var queries = QueryLine().Matches(File.ReadAllText(ScaledObjects)).Select(m => m.Groups[1].Value.Trim())
            .Where(q => workers.Jobs.Any(job => q.Contains($"job=\"{job}\"", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(workers.Jobs.Count, queries.Count);
        foreach (var query in queries)
        {
            Assert.True((await workers.QueryAsync(query)).GetArrayLength() == 1, $"{query}: no value");
        }

        var threadPool = queries.Single(q => q.Contains("worker-threadpool", StringComparison.Ordinal));
        var idle = await ValueAsync(threadPool);
        var target = workers.Services.Targets.Single(t => t.Model == "threadpool");
        using var connection = target.Connect();
        var saturating = Task.WhenAll(Enumerable.Range(0, 64).Select(_ =>
            connection.Client.PrimeAsync(new PrimeRequest { Below = 3, WaitMs = 1500 }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync));

        var busy = idle;
        for (var i = 0; i < 20 && busy < 32 / 0.8; i++)
        {
            await Task.Delay(250);
            busy = await ValueAsync(threadPool);
        }

        await saturating;
        Assert.Equal(0, idle);
        Assert.True(busy >= 32 / 0.8, $"{threadPool}: {busy} with 64 requests in flight on 32 threads");
    }

    private async Task<double> ValueAsync(string query)
    {
        var result = await workers.QueryAsync(query);
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\s*query:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex QueryLine();
}

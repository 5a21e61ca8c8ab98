using Xunit.Abstractions;

namespace Simul.Dashboards.Tests;

/// <summary>
/// The dashboards against the real thing: after a mixed load on every model, Prometheus (which
/// scraped the workers' /metrics) answers every query of every dashboard with data, so no panel
/// names a metric or a label that does not exist. Panels about failures may be empty on a
/// healthy run, but their queries must still be valid.
/// </summary>
[Collection(SharedScrapedWorkers.Name)]
public class DashboardTests(ScrapedWorkers workers, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Every_dashboard_query_returns_series_from_a_real_prometheus()
    {
        Skip.IfNot(ScrapedWorkers.Installed, $"{ScrapedWorkers.PrometheusProgram} is not installed (apt-get install prometheus; .ci/install-prerequisites.sh does)");
        var queries = DashboardQueries.All(exactJob: "worker-threadpool");
        Assert.NotEmpty(queries);

        var empty = new List<string>();
        foreach (var query in queries)
        {
            var result = await workers.QueryAsync(query.Expression);
            output.WriteLine($"{result.GetArrayLength(),4} series  {query}: {query.Expression}");
            if (result.GetArrayLength() == 0 && !query.MayBeEmpty)
            {
                empty.Add($"{query}: {query.Expression}");
            }
        }

        output.WriteLine($"{queries.Count} queries, {empty.Count} without data where data was due");
        Assert.True(empty.Count == 0, "queries with no data:\n" + string.Join("\n", empty));
    }

    [SkippableFact]
    public async Task Every_model_is_on_the_dashboards_by_its_service_name()
    {
        Skip.IfNot(ScrapedWorkers.Installed, $"{ScrapedWorkers.PrometheusProgram} is not installed (apt-get install prometheus; .ci/install-prerequisites.sh does)");

        var jobs = await workers.QueryAsync("group by (job, simul_model) (simul_request_duration_seconds_count)");

        var seen = jobs.EnumerateArray().Select(s => s.GetProperty("metric").GetProperty("job").GetString()).ToHashSet();
        Assert.All(workers.Jobs, job => Assert.Contains(job, seen));
    }

    [SkippableFact]
    public async Task Every_runtime_is_a_value_of_the_dashboards_runtime_variable()
    {
        Skip.IfNot(ScrapedWorkers.Installed, $"{ScrapedWorkers.PrometheusProgram} is not installed (apt-get install prometheus; .ci/install-prerequisites.sh does)");
        var variable = DashboardQueries.All(exactJob: "worker-threadpool").First(q => q.Panel == "variable runtime");

        var runtimes = (await workers.QueryAsync(variable.Expression)).EnumerateArray()
            .Select(s => s.GetProperty("metric").GetProperty("simul_runtime").GetString()).Order(StringComparer.Ordinal);

        Assert.Equal(workers.Runtimes.Order(StringComparer.Ordinal), runtimes);
    }

    [SkippableFact]
    public async Task The_load_generator_exports_its_side_of_every_call_per_model()
    {
        Skip.IfNot(ScrapedWorkers.Installed, $"{ScrapedWorkers.PrometheusProgram} is not installed (apt-get install prometheus; .ci/install-prerequisites.sh does)");

        var sent = await workers.QueryAsync("sum by (simul_model) (simul_client_requests_sent_total{job=\"orchestrator\"})");
        var ended = await workers.QueryAsync("sum by (simul_model) (simul_client_request_duration_seconds_count{job=\"orchestrator\"})");
        var inFlight = await workers.QueryAsync("sum by (simul_model) (simul_client_requests_in_flight{job=\"orchestrator\"})");

        var models = workers.Jobs.Select(job => job["worker-".Length..]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(models, Models(sent));
        Assert.Equal(models, Models(ended));
        // The load is over: every call sent has ended, and none is in flight.
        Assert.Equal(Values(sent), Values(ended));
        Assert.All(Values(inFlight), v => Assert.Equal(0, v));
        Assert.All(Values(sent), v => Assert.True(v > 0));
    }

    private static List<string> Models(System.Text.Json.JsonElement result) =>
        [.. result.EnumerateArray().Select(s => s.GetProperty("metric").GetProperty("simul_model").GetString()!).Order(StringComparer.Ordinal)];

    private static List<double> Values(System.Text.Json.JsonElement result) =>
        [.. result.EnumerateArray().OrderBy(s => s.GetProperty("metric").GetProperty("simul_model").GetString(), StringComparer.Ordinal)
            .Select(s => double.Parse(s.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture))];
}

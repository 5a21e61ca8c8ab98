using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simul.Dashboards.Tests;

/// <summary>Every PromQL query of dashboards/*.json: each panel's targets, and each template
/// variable's query, with Grafana's variables put in as a dashboard would (a real job for an
/// exact match, every job and every runtime for a regex, intervals that fit a one-second scrape).</summary>
public static partial class DashboardQueries
{
    public sealed record Query(string Dashboard, string Panel, string Expression)
    {
        /// <summary>Panels about failures may rightly be empty on a healthy run.</summary>
        public bool MayBeEmpty => FailureWords().IsMatch(Panel);

        public override string ToString() => $"{Dashboard} / {Panel}";
    }

    public static string Directory { get; } = Path.Combine(Simul.Orchestrator.Local.RepoLayout.Root!, "dashboards");

    public static IReadOnlyList<Query> All(string exactJob) =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).SelectMany(file => Of(file, exactJob))];

    private static List<Query> Of(string file, string exactJob)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var dashboard = json.RootElement.GetProperty("title").GetString()!;
        var queries = new List<Query>();
        if (json.RootElement.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
            {
                var definition = variable.GetProperty("definition").GetString()!;
                queries.Add(new Query(dashboard, $"variable {variable.GetProperty("name").GetString()}", Substitute(LabelValues(definition), exactJob)));
            }
        }

        Panels(json.RootElement.GetProperty("panels"), dashboard, exactJob, queries);
        return queries;
    }

    private static void Panels(JsonElement panels, string dashboard, string exactJob, List<Query> into)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.TryGetProperty("panels", out var nested))
            {
                Panels(nested, dashboard, exactJob, into);
            }

            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray().Where(t => t.TryGetProperty("expr", out _)))
            {
                into.Add(new Query(dashboard, panel.GetProperty("title").GetString()!, Substitute(target.GetProperty("expr").GetString()!, exactJob)));
            }
        }
    }

    /// <summary>label_values(metric, label) is Grafana's: as PromQL, the metric grouped by the label.</summary>
    private static string LabelValues(string definition) =>
        LabelValuesCall().Match(definition) is { Success: true } m ? $"group by ({m.Groups[2].Value}) ({m.Groups[1].Value})" : definition;

    private static string Substitute(string expression, string exactJob) => expression
        .Replace("=~\"$service\"", "=~\".+\"", StringComparison.Ordinal)
        .Replace("=~\"$runtime\"", "=~\".+\"", StringComparison.Ordinal)
        .Replace("\"$service\"", $"\"{exactJob}\"", StringComparison.Ordinal)
        .Replace("$__rate_interval", "20s", StringComparison.Ordinal)
        .Replace("$__interval", "5s", StringComparison.Ordinal)
        .Replace("$__range", "1m", StringComparison.Ordinal);

    [GeneratedRegex(@"label_values\(\s*([^,]+?)\s*,\s*(\w+)\s*\)")]
    private static partial Regex LabelValuesCall();

    [GeneratedRegex("fail|reject|error", RegexOptions.IgnoreCase)]
    private static partial Regex FailureWords();
}

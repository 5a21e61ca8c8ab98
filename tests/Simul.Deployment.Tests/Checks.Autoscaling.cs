using System.Text.RegularExpressions;

namespace Simul.Deployment.Tests;

/// <summary>Checks of the KEDA overlay's ScaledObjects against the workers and the code.</summary>
public static partial class Checks
{
    /// <summary>Which setting gives a trigger its threshold (one pod's capacity).</summary>
    public static IReadOnlyDictionary<string, string> ThresholdSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["threads-in-use"] = "Simul__PoolThreads",
        ["child-slots-in-use"] = "Simul__MaxChildren",
        ["in-flight-budget"] = "Simul__MaxInFlight",
    };

    /// <summary>Triggers whose threshold no setting sizes, and the setting that makes it so: a
    /// blocking event loop holds one request at a time (what its Describe says: limit EVENT_LOOP, 1).</summary>
    public static IReadOnlyDictionary<string, (string Threshold, string Because)> FixedThresholds { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["loop-held"] = ("1", "Simul__BlockingWaits"),
        };

    /// <summary>
    /// Every ScaledObject scales a worker Deployment; every prometheus trigger's query names only
    /// series and labels the workers emit (<see cref="MetricCatalog"/>), selects that worker by its
    /// service name (job), and its threshold is the worker's own setting as its ConfigMaps give it.
    /// </summary>
    public static IEnumerable<string> Autoscaling(string where, IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> manifests, IDeployment deployment)
    {
        var workers = deployment.Apps.Where(a => a.IsWorker).ToDictionary(a => a.Name);
        foreach (var scaled in manifests.Where(m => m.Str("kind") == "ScaledObject"))
        {
            var name = scaled.Path("metadata", "name").Str() ?? "";
            var target = scaled.Path("spec", "scaleTargetRef").Str("name") ?? "";
            if (!workers.TryGetValue(target, out var worker))
            {
                yield return $"{where}: ScaledObject {name} scales {target}, which is not a worker Deployment";
                continue;
            }

            foreach (var trigger in scaled.Path("spec").Seq("triggers").Where(t => t.Str("type") == "prometheus"))
            {
                var triggerName = trigger.Str("name") ?? "";
                var query = trigger.Path("metadata").Str("query") ?? "";
                foreach (var series in SeriesIn().Matches(query).Select(m => m.Groups[1].Value).Where(s => !PromQlWords.Contains(s)))
                {
                    if (!MetricCatalog.Series.Contains(series))
                    {
                        yield return $"{where}: ScaledObject {name} trigger {triggerName} asks for {series}, which the workers do not emit";
                    }
                }

                foreach (Match label in LabelMatchers().Matches(query))
                {
                    if (!MetricCatalog.Labels.Contains(label.Groups[1].Value))
                    {
                        yield return $"{where}: ScaledObject {name} trigger {triggerName} filters on the label {label.Groups[1].Value}, which the workers' series do not have";
                    }
                    else if (label.Groups[1].Value == "job" && label.Groups[2].Value != worker.Env.GetValueOrDefault("OTEL_SERVICE_NAME"))
                    {
                        yield return $"{where}: ScaledObject {name} trigger {triggerName} selects job {label.Groups[2].Value}, {target}'s service name is {worker.Env.GetValueOrDefault("OTEL_SERVICE_NAME")}";
                    }
                }

                var threshold = trigger.Path("metadata").Str("threshold");
                if (FixedThresholds.TryGetValue(triggerName, out var fixedThreshold))
                {
                    if (threshold != fixedThreshold.Threshold)
                    {
                        yield return $"{where}: ScaledObject {name} trigger {triggerName} has threshold {threshold}, not {fixedThreshold.Threshold}";
                    }

                    if (worker.Env.GetValueOrDefault(fixedThreshold.Because) != "true")
                    {
                        yield return $"{where}: ScaledObject {name} trigger {triggerName} is for a worker with {fixedThreshold.Because}=true, {target} has {worker.Env.GetValueOrDefault(fixedThreshold.Because) ?? "(unset)"}";
                    }
                }
                else if (!ThresholdSettings.TryGetValue(triggerName, out var setting))
                {
                    yield return $"{where}: ScaledObject {name} trigger {triggerName}: no setting is known to give its threshold";
                }
                else if (threshold != worker.Env.GetValueOrDefault(setting))
                {
                    yield return $"{where}: ScaledObject {name} trigger {triggerName} has threshold {threshold}, {target}'s {setting} is {worker.Env.GetValueOrDefault(setting) ?? "(unset)"}";
                }
            }
        }
    }

    private static readonly HashSet<string> PromQlWords = ["sum", "by", "rate", "avg", "max", "min", "count"];

    [GeneratedRegex(@"\b([a-z_][a-z0-9_]*)\s*\{")]
    private static partial Regex SeriesIn();

    [GeneratedRegex("([a-z_][a-z0-9_]*)\\s*=~?\\s*\"([^\"]*)\"")]
    private static partial Regex LabelMatchers();
}

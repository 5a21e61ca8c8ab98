namespace Simul.Deployment.Tests;

/// <summary>Checks of settings, models, telemetry variables and log levels.</summary>
public static partial class Checks
{
    /// <summary>Every Simul__X names a setting the app's code reads (same spelling: a .NET
    /// settings property, a name the CPython or Node settings module asks for); apps that read
    /// none (upstream, the orchestrator) get none.</summary>
    public static IEnumerable<string> SettingNames(IDeployment deployment)
    {
        foreach (var app in deployment.Apps)
        {
            var reader = SettingsCatalog.For(app);
            foreach (var key in SettingsCatalog.SettingsOf(app).Keys)
            {
                var name = key[Prefix.Length..];
                if (reader is null)
                {
                    yield return $"{app.Where}: sets {key}, but {app.Repository} reads no Simul settings";
                }
                else if (!reader.Names.Contains(name, StringComparer.Ordinal))
                {
                    var near = reader.Names.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
                    yield return near is null
                        ? $"{app.Where}: {key} is not a setting of {app.Repository} ({string.Join(", ", reader.Names)})"
                        : $"{app.Where}: {key} is spelled differently from the setting {near}";
                }
            }
        }
    }

    /// <summary>Every app's Simul__X values are taken by its own code (enum names, numbers,
    /// booleans, URIs, time spans, model names), all together as it starts with them.</summary>
    public static IEnumerable<string> SettingValues(IDeployment deployment) =>
        deployment.Apps
            .Select(app => SettingsCatalog.For(app)?.BindError(SettingsCatalog.SettingsOf(app)) is { } error ? $"{app.Where}: {error}" : null)
            .OfType<string>();

    /// <summary>A worker whose model is a setting (CPython, Node: Simul__Model) is named
    /// worker-MODEL after a model of its service's worker.json and runs it: every setting that
    /// model has there is set to the same value, so a deployment compares what the local runs
    /// compare.</summary>
    public static IEnumerable<string> Models(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => WorkerRuntimes.Of(a)?.Models.Any(m => m.Settings.ContainsKey("Model")) == true))
        {
            var service = WorkerRuntimes.Of(app)!;
            if (WorkerRuntimes.Model(app) is not { } model)
            {
                yield return $"{app.Where}: no model of {service.Service}/worker.json is named {app.Name} without worker- ({string.Join(", ", service.Models.Select(m => m.Name))})";
                continue;
            }

            foreach (var (name, value) in model.Settings)
            {
                var given = app.Env.GetValueOrDefault(Prefix + name);
                if (given != value)
                {
                    yield return $"{app.Where}: {Prefix}{name} is {given ?? "(unset)"}; model {model.Name} in {service.Service}/worker.json has {value}";
                }
            }
        }
    }

    /// <summary>Every OTEL_* variable is one the app's code or SDK reads (a CPython or Node worker
    /// has no metric exporter, so no OTEL_*METRIC* variable), and OTEL_SERVICE_NAME is the app's
    /// own name (the `job` label the dashboards and docs/telemetry.md's queries select on).</summary>
    public static IEnumerable<string> Telemetry(IDeployment deployment)
    {
        foreach (var app in deployment.Apps)
        {
            var read = SettingsCatalog.TelemetryVariables(app);
            foreach (var key in app.Env.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) && !read.Contains(k)))
            {
                yield return $"{app.Where}: {key} is not an OpenTelemetry variable {app.Repository} or its SDK reads";
            }

            if (app.Env.GetValueOrDefault("OTEL_SERVICE_NAME") is { } service && service != app.Name)
            {
                yield return $"{app.Where}: OTEL_SERVICE_NAME is {service}, not {app.Name}";
            }
        }
    }

    /// <summary>Upstream and the .NET workers log no line per request: ASP.NET Core's default level
    /// (Information) writes four per call, which under load costs the models CPU. The default
    /// level is Warning or above, as the local launcher (LocalProcess) sets it. (The CPython and
    /// Node workers log no line per request whatever their environment.)</summary>
    public static IEnumerable<string> Logging(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => (a.IsWorker && WorkerRuntimes.Runtime(a) == "dotnet") || a.IsUpstream))
        {
            var level = app.Env.GetValueOrDefault("Logging__LogLevel__Default");
            if (level is not ("Warning" or "Error" or "Critical" or "None"))
            {
                yield return $"{app.Where}: Logging__LogLevel__Default is {level ?? "not set (Information)"}: a log line per request";
            }
        }
    }
}

namespace Simul.Deployment.Tests;

/// <summary>Checks of settings, telemetry variables and log levels.</summary>
public static partial class Checks
{
    /// <summary>Every Simul__X names a settings property the app's program binds (same spelling);
    /// apps that bind none (upstream, the orchestrator) get none.</summary>
    public static IEnumerable<string> SettingNames(IDeployment deployment)
    {
        foreach (var app in deployment.Apps)
        {
            var types = SettingsCatalog.For(app);
            var properties = types.SelectMany(SettingsCatalog.PropertyNames).ToList();
            foreach (var key in app.Env.Keys.Where(k => k.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)))
            {
                var name = key[Prefix.Length..];
                if (types.Count == 0)
                {
                    yield return $"{app.Where}: sets {key}, but {app.Repository} reads no Simul settings";
                }
                else if (!properties.Contains(name, StringComparer.Ordinal))
                {
                    var near = properties.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
                    yield return near is null
                        ? $"{app.Where}: {key} is not a setting of {app.Repository} ({string.Join(", ", types.Select(t => t.Name))}: {string.Join(", ", properties)})"
                        : $"{app.Where}: {key} is spelled differently from the property {near}";
                }
            }
        }
    }

    /// <summary>Every Simul__X value converts to its property's type (enum names, numbers, booleans, URIs).</summary>
    public static IEnumerable<string> SettingValues(IDeployment deployment) =>
        deployment.Apps.Select(app => SettingsCatalog.BindError(app) is { } error ? $"{app.Where}: {error}" : null).OfType<string>();

    /// <summary>Every OTEL_* variable is one something reads, and OTEL_SERVICE_NAME is the app's own
    /// name (the `job` label the dashboards and the README's queries select on).</summary>
    public static IEnumerable<string> Telemetry(IDeployment deployment)
    {
        foreach (var app in deployment.Apps)
        {
            foreach (var key in app.Env.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) && !SettingsCatalog.TelemetryVariables.Contains(k)))
            {
                yield return $"{app.Where}: {key} is not an OpenTelemetry variable Simul or the SDK reads";
            }

            if (app.Env.GetValueOrDefault("OTEL_SERVICE_NAME") is { } service && service != app.Name)
            {
                yield return $"{app.Where}: OTEL_SERVICE_NAME is {service}, not {app.Name}";
            }
        }
    }

    /// <summary>Upstream and the workers log no line per request: ASP.NET Core's default level
    /// (Information) writes four per call, which under load costs the models CPU. The default
    /// level is Warning or above, as the local launcher (LocalProcess) sets it.</summary>
    public static IEnumerable<string> Logging(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker || a.IsUpstream))
        {
            var level = app.Env.GetValueOrDefault("Logging__LogLevel__Default");
            if (level is not ("Warning" or "Error" or "Critical" or "None"))
            {
                yield return $"{app.Where}: Logging__LogLevel__Default is {level ?? "not set (Information)"}: a log line per request";
            }
        }
    }
}

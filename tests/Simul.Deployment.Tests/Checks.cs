namespace Simul.Deployment.Tests;

/// <summary>
/// What a deployment must agree on with the code. Each check returns its problems, one line each
/// naming where; none means the check passes. The same checks run on docker-compose.yml (with and
/// without the dapr profile) and on every rendered k8s/ directory.
/// </summary>
public static partial class Checks
{
    private const string Prefix = SettingsCatalog.Prefix;

    public static IEnumerable<string> All(IDeployment deployment) =>
        SettingNames(deployment).Concat(SettingValues(deployment)).Concat(Models(deployment)).Concat(Telemetry(deployment)).Concat(Logging(deployment)).Concat(Ports(deployment))
            .Concat(Probes(deployment)).Concat(Upstream(deployment)).Concat(Targets(deployment)).Concat(Dapr(deployment))
            .Concat(Scenarios(deployment)).Concat(Reports(deployment));

    /// <summary>The port the app serves on (gRPC for a worker), 0 if that is not set right.</summary>
    private static int ListenPort(App app) => UrlPort(app, SettingsCatalog.ListenVariable(app), out _);

    /// <summary>The port of the single http:// URL in an environment variable.</summary>
    private static int UrlPort(App app, string variable, out string? problem)
    {
        problem = null;
        if (!app.Env.TryGetValue(variable, out var value) || value.Length == 0)
        {
            problem = $"{app.Where}: {variable} is not set";
            return 0;
        }

        if (value.Contains(';', StringComparison.Ordinal))
        {
            problem = $"{app.Where}: {variable} lists several URLs ({value}); the deployment files assume one";
            return 0;
        }

        if (!Uri.TryCreate(value.Replace("+", "0.0.0.0", StringComparison.Ordinal).Replace("*", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            problem = $"{app.Where}: {variable}={value} is not an http:// URL";
            return 0;
        }

        return uri.Port;
    }

    private static string Join(IEnumerable<int> ports) => ports.Any() ? string.Join(", ", ports.Distinct()) : "no port";

    private static string Join(IEnumerable<string> paths) => paths.Any() ? string.Join(", ", paths) : "no mounts";
}

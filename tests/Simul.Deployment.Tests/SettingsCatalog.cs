using Simul.WorkerAsync;
using Simul.WorkerHost;
using Simul.WorkerProcess;
using Simul.WorkerThreadPool;

namespace Simul.Deployment.Tests;

/// <summary>
/// Which code reads each app's Simul__ settings: for a .NET worker the settings classes its
/// Program.cs binds (by its image), for a CPython or Node worker its runtime's settings module
/// (by the runtime its service's worker.json names). Upstream and the orchestrator read none.
/// </summary>
public static class SettingsCatalog
{
    public const string Prefix = WorkerSettings.Section + "__";

    private static readonly Dictionary<string, ISettingsReader> Dotnet = new(StringComparer.Ordinal)
    {
        ["simul/worker-process"] = new DotnetSettings(typeof(WorkerSettings), typeof(ProcessSettings)),
        ["simul/worker-threadpool"] = new DotnetSettings(typeof(WorkerSettings), typeof(ThreadPoolSettings)),
        ["simul/worker-async"] = new DotnetSettings(typeof(WorkerSettings), typeof(AsyncSettings)),
    };

    private static readonly Lazy<Dictionary<string, ISettingsReader>> Scripted = new(() =>
        WorkerRuntimes.All.Where(s => s.Runtime != "dotnet").ToDictionary(s => "simul/" + s.Service, ReaderOf));

    /// <summary>The reader of the app's settings, or null for an app that reads none.</summary>
    public static ISettingsReader? For(App app) =>
        Dotnet.GetValueOrDefault(app.Repository) ?? Scripted.Value.GetValueOrDefault(app.Repository);

    /// <summary>The OTEL_* variables the app's code reads (a .NET service's by default).</summary>
    public static IReadOnlySet<string> TelemetryVariables(App app) => For(app)?.TelemetryVariables ?? DotnetSettings.Telemetry;

    /// <summary>Where the app serves: a worker whose code reads Simul__Urls listens there, the
    /// .NET services where ASP.NET Core's ASPNETCORE_URLS says.</summary>
    public static string ListenVariable(App app) =>
        For(app)?.Names.Contains("Urls", StringComparer.Ordinal) == true ? Prefix + "Urls" : "ASPNETCORE_URLS";

    /// <summary>The app's Simul__ variables, as its settings code is given them.</summary>
    public static IReadOnlyDictionary<string, string> SettingsOf(App app) =>
        app.Env.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)).ToDictionary();

    private static ISettingsReader ReaderOf(Simul.Orchestrator.Local.ServiceDescription service)
    {
        // The worker's interpreter as worker.json starts it, given the settings of its first model.
        var program = service.Command[0];
        var model = service.Models[0].Settings.ToDictionary(kv => Prefix + kv.Key, kv => kv.Value);
        return service.Runtime switch
        {
            "cpython" => ScriptedSettings.CPython(program, service.Directory, model),
            "node" => ScriptedSettings.Node(program, service.Directory, model),
            _ => throw new InvalidOperationException($"{service.Directory}: no way to read the settings of runtime {service.Runtime}"),
        };
    }
}

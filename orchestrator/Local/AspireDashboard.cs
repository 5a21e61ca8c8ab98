using System.Diagnostics;

namespace Simul.Orchestrator.Local;

/// <summary>
/// The standalone Aspire dashboard (NuGet Aspire.Dashboard.Sdk.linux-x64, a program in its
/// tools/ folder): a real OTLP receiver with a trace waterfall, for looking at a local run's
/// traces with no Docker and no Jaeger. Fetched on first use with `dotnet restore` into the NuGet
/// cache, started on free loopback ports, anonymous (loopback only), stopped with the run.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    public const string Package = "Aspire.Dashboard.Sdk.linux-x64";
    public const string Version = "13.6.5";

    private readonly LocalProcess _process;

    private AspireDashboard(LocalProcess process, Uri otlpGrpc)
    {
        _process = process;
        OtlpGrpc = otlpGrpc;
    }

    /// <summary>The dashboard's pages.</summary>
    public Uri Url => _process.Address;

    /// <summary>Where the services send their OTLP (gRPC).</summary>
    public Uri OtlpGrpc { get; }

    /// <summary>A trace's page, as a --trace-url template.</summary>
    public string TraceUrlTemplate => new Uri(Url, "traces/detail/{trace_id}").ToString().Replace("%7B", "{", StringComparison.Ordinal).Replace("%7D", "}", StringComparison.Ordinal);

    public static async Task<AspireDashboard> StartAsync(string logDirectory, Action<string> say, CancellationToken cancellationToken)
    {
        var program = await EnsureFetchedAsync(say, cancellationToken);
        var ui = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var grpc = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var http = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = ui.ToString(),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = grpc.ToString(),
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = http.ToString(),
            // Loopback only, for one person at this machine: no login, no API key.
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
            ["DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
        };
        var process = LocalProcess.StartProgram(program, [], environment, Path.Combine(logDirectory, "aspire-dashboard.log"), ui);
        var dashboard = new AspireDashboard(process, grpc);
        try
        {
            await WaitUntilServingAsync(dashboard, cancellationToken);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The program in the package's tools/ folder, restored into the NuGet cache if it is not there yet.</summary>
    private static async Task<string> EnsureFetchedAsync(Action<string> say, CancellationToken cancellationToken)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var program = Path.Combine(packages, Package.ToLowerInvariant(), Version, "tools", "Aspire.Dashboard");
        if (File.Exists(program))
        {
            return program;
        }

        say($"fetching the Aspire dashboard ({Package} {Version} from NuGet, once; about a minute)...");
        var project = Path.Combine(Path.GetTempPath(), "simul-aspire-dashboard-fetch");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "fetch.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><PackageDownload Include="{Package}" Version="[{Version}]" /></ItemGroup>
            </Project>
            """, cancellationToken);
        // Outside the repository: its Directory.*.props (central versions) are not for this project.
        await File.WriteAllTextAsync(Path.Combine(project, "Directory.Build.props"), "<Project />", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(project, "Directory.Packages.props"), "<Project />", cancellationToken);
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", "fetch.csproj", "-v", "q", "-nologo"])
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new LocalStackException("could not run dotnet restore to fetch the Aspire dashboard");
        var stdout = restore.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = restore.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await restore.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            restore.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        if (restore.ExitCode != 0 || !File.Exists(program))
        {
            throw new LocalStackException(
                $"--dashboard needs the NuGet package {Package} {Version}, and `dotnet restore` could not fetch it (exit code {restore.ExitCode}): " +
                $"{output.Trim()}. Run without --dashboard, or point OTEL_EXPORTER_OTLP_ENDPOINT at a collector of your own.");
        }

        return program;
    }

    private static async Task WaitUntilServingAsync(AspireDashboard dashboard, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (dashboard._process.HasExited)
            {
                throw new LocalStackException("the Aspire dashboard exited at start: see aspire-dashboard.log in the run's logs");
            }

            // Any answer but a server error: the UI may redirect or ask for a login page first.
            if (await LocalServices.AnswersAsync(http, dashboard.Url, cancellationToken, status => (int)status < 500))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new LocalStackException("the Aspire dashboard did not answer within 60 s: see aspire-dashboard.log in the run's logs");
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}

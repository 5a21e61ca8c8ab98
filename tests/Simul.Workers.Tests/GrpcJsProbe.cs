using System.Diagnostics;
using System.Text.Json;

namespace Simul.Workers.Tests;

/// <summary>
/// tests/grpc-js/probe.js: an independent gRPC client (@grpc/grpc-js under Node) asking a worker
/// for its health and, through server reflection, its services and methods. Installs its npm
/// packages on first use (npm ci from the lock file; .ci/install-prerequisites.sh does it too).
/// </summary>
public static class GrpcJsProbe
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly string Directory = Path.Combine(Simul.Orchestrator.Local.RepoLayout.Root!, "tests", "grpc-js");

    public sealed record Answer(Dictionary<string, string> Health, List<string> Services, List<string> WorkerMethods);

    public static async Task<Answer> AskAsync(Uri worker)
    {
        await InstallOnceAsync();
        var (exitCode, output, errors) = await RunAsync("node", ["probe.js", worker.Authority]);
        Assert.True(exitCode == 0, $"probe.js failed ({exitCode}): {errors}");
        return JsonSerializer.Deserialize<Answer>(output, SnakeCase)!;
    }

    private static async Task InstallOnceAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js")))
            {
                var (exitCode, output, errors) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
                Assert.True(exitCode == 0, $"npm ci in tests/grpc-js failed: {output}{errors}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}

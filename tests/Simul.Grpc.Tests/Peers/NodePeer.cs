using System.Diagnostics;
using System.Text.RegularExpressions;
using Simul.Grpc.Client;

namespace Simul.Grpc.Tests.Peers;

/// <summary>
/// The independent gRPC implementation the interop checks run against: @grpc/grpc-js under
/// Node, from tests/interop/node. Installs its packages on first use (npm ci from the lock file).
/// </summary>
public static partial class NodePeer
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "tests", "interop", "node");

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed || System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js")))
            {
                _installed = true;
                return;
            }

            var (exitCode, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, "npm ci failed:\n" + output);
            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs one grpc-js interop client case against a server on 127.0.0.1:port.</summary>
    public static async Task<(int ExitCode, string Output)> RunClientCaseAsync(string testCase, int port)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", ["client.js", testCase, $"--port={port}"], TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts the grpc-js interop server on a free port; dispose to stop it.</summary>
    public static async Task<NodeServer> StartServerAsync()
    {
        await EnsureInstalledAsync();
        var process = Process.Start(new ProcessStartInfo("node", ["server.js", "--port=0"])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var match = line is null ? null : ListeningLine().Match(line);
        if (match is not { Success: true })
        {
            process.Kill();
            throw new InvalidOperationException("grpc-js server did not start: " + line + await process.StandardError.ReadToEndAsync());
        }

        return new NodeServer(process, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(int, string)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"listening on (\d+)")]
    private static partial Regex ListeningLine();
}

public sealed class NodeServer(Process process, int port) : IDisposable
{
    public int Port { get; } = port;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}

/// <summary>A grpc-js server and a channel to it, shared by a test class.</summary>
public sealed class GrpcJsServerFixture : IAsyncLifetime
{
    private NodeServer? _server;
    private GrpcChannel? _channel;

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await NodePeer.StartServerAsync();
        _channel = new GrpcChannel(_server.Address);
    }

    public Task DisposeAsync()
    {
        _channel?.Dispose();
        _server?.Dispose();
        return Task.CompletedTask;
    }
}

using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Targets;

namespace Simul.Workers.Tests;

/// <summary>Workers started as real local processes for one test class, with a client each.</summary>
public abstract class RunningWorkers : IAsyncLifetime
{
    private LocalServices? _services;
    private readonly Dictionary<string, WorkerConnection> _connections = [];

    protected abstract IReadOnlyList<LocalModel> Models { get; }

    public Worker.WorkerClient this[string model] => _connections[model].Client;

    public WorkerConnection Connection(string model) => _connections[model];

    public LocalServices Services => _services!;

    public async Task InitializeAsync()
    {
        _services = await LocalServices.StartAsync(Models, Path.Combine(Path.GetTempPath(), "simul-tests", GetType().Name), CancellationToken.None);
        foreach (var target in _services.Targets)
        {
            _connections[target.Model] = target.Connect();
        }

        await WarmUpAsync();
    }

    /// <summary>Runs before any test: e.g. first calls, so that what a test times is not start-up (JIT, connections).</summary>
    protected virtual Task WarmUpAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}

public static class Calls
{
    /// <summary>How early a timed wait may end: .NET's timers keep a coarse clock
    /// (CLOCK_MONOTONIC_COARSE on Linux, one tick = 4 ms at HZ=250), so a Task.Delay, and the
    /// upstream's delays, may complete up to a tick before their time (seen: 3.4 ms of 20).</summary>
    public const int TimerTickUs = 4_000;

    /// <summary>A deadline far enough away for any test request (a deadline is a point in time, so made per call).</summary>
    public static CallOptions Generous => Within(TimeSpan.FromSeconds(60));

    public static CallOptions Within(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        new(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);

    public static async Task<StatusCode> StatusOf<T>(AsyncUnaryCall<T> call) =>
        (await Orchestrator.Conformance.ConformanceContext.StatusOf(call)).StatusCode;

    public static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out waiting until {what}");
    }

    public static PrimeRequest Prime(long below, int waitMs) => new() { Below = below, WaitMs = waitMs };

    /// <summary>PIDs of the live children of <paramref name="pid"/>, from /proc.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => (Pid: int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture), Stat: TryRead($"/proc/{name}/stat")))
            .Where(p => p.Stat is not null && ParentOf(p.Stat) == pid)
            .Select(p => p.Pid)];

    private static int ParentOf(string stat)
    {
        // pid (comm) state ppid ...: comm may contain spaces, so read after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

public static class WorkerClientExtensions
{
    public static AsyncUnaryCall<WorkerInfo> DescribeAsync(this Worker.WorkerClient client) =>
        client.DescribeAsync(new DescribeRequest(), Calls.Generous);
}

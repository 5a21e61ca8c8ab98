using Grpc.Core;
using Grpc.Health.V1;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Local;

/// <summary>
/// upstream and a set of workers started as local processes on free loopback ports: the
/// embedded default, with no Docker and nothing installed. Ready when upstream answers /healthz
/// and every worker's grpc.health.v1 says SERVING; disposing stops them all.
/// </summary>
public sealed class LocalServices : IAsyncDisposable, IWorkerSource
{
    private readonly List<LocalProcess> _processes = [];
    private readonly List<LocalWorker> _workers = [];
    private readonly string _logDirectory;
    private readonly Dictionary<string, string> _passOn = TelemetryEnvironment();

    private LocalServices(string logDirectory) => _logDirectory = logDirectory;

    public Uri? Upstream { get; private set; }

    public IReadOnlyList<Target> Targets => [.. _workers.Select(w => w.Target)];

    public IReadOnlyList<LocalProcess> Processes => _processes;

    /// <summary>The local process a target of this stack calls (its first replica).</summary>
    public LocalProcess ProcessOf(Target target) => _workers.Single(w => w.Target == target).Processes[0];

    public static async Task<LocalServices> StartAsync(IReadOnlyList<LocalModel> models, string logDirectory, CancellationToken cancellationToken, int replicas = 1)
    {
        var stack = new LocalServices(logDirectory);
        try
        {
            var upstream = LocalProcess.Start(RepoLayout.ServiceDll("upstream", "Simul.Upstream"),
                new Dictionary<string, string>(stack._passOn) { ["OTEL_SERVICE_NAME"] = "upstream" }, Path.Combine(logDirectory, "upstream.log"));
            stack._processes.Add(upstream);
            stack.Upstream = upstream.Address;
            foreach (var model in models)
            {
                stack._workers.Add(stack.StartWorker(model, replicas));
            }

            await WaitUntilReadyAsync(stack, [.. stack.Targets.SelectMany(t => t.Each)], cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the target's worker and starts the same model afresh (new processes, new
    /// ports; <paramref name="replicas"/> of them, or as many as before), so a sweep level begins
    /// from a clean baseline: pool threads a level below started never exit, and would count
    /// against the next level's memory.</summary>
    public async Task<Target> FreshAsync(Target target, int? replicas, CancellationToken cancellationToken)
    {
        var index = _workers.FindIndex(w => w.Target == target);
        if (index < 0)
        {
            return target;
        }

        var old = _workers[index];
        await Task.WhenAll(old.Processes.Select(p => p.DisposeAsync().AsTask()));
        _processes.RemoveAll(old.Processes.Contains);

        var fresh = StartWorker(old.Model, replicas ?? old.Processes.Count);
        _workers[index] = fresh;
        await WaitUntilReadyAsync(this, fresh.Target.Each, cancellationToken);
        return fresh.Target;
    }

    /// <summary>One model's worker, or several replicas of it (each its own process and port).</summary>
    private LocalWorker StartWorker(LocalModel model, int replicas)
    {
        var processes = Enumerable.Range(0, replicas).Select(replica =>
        {
            var environment = new Dictionary<string, string>(_passOn)
            {
                ["OTEL_SERVICE_NAME"] = "worker-" + model.Name,
                ["Simul__Upstream"] = Upstream!.ToString(),
            };
            foreach (var (name, value) in model.Settings)
            {
                environment["Simul__" + name] = value;
            }

            var log = replicas == 1 ? model.Name + ".log" : $"{model.Name}-{replica + 1}.log";
            var process = LocalProcess.StartWorker(model, environment, Path.Combine(_logDirectory, log));
            _processes.Add(process);
            return process;
        }).ToList();
        var addresses = processes.Select(p => p.Address.GetLeftPart(UriPartial.Authority)).ToList();
        var target = replicas == 1
            ? new Target(model.Name, TargetKind.Direct, addresses[0])
            : new Target(model.Name, TargetKind.Replicas, string.Join(",", addresses));
        return new LocalWorker(model, processes, target);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        _processes.Clear();
    }

    private sealed record LocalWorker(LocalModel Model, IReadOnlyList<LocalProcess> Processes, Target Target);

    /// <summary>Ready when upstream answers /healthz and every worker's health service says SERVING.</summary>
    private static async Task WaitUntilReadyAsync(LocalServices stack, IReadOnlyList<Target> workers, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // Only what is being waited for: a worker that died at an earlier sweep level is that
        // level's result, not a reason to stop starting the next one.
        var waitedFor = stack._processes.Where(p => p.Address == stack.Upstream
            || workers.Any(w => w.Address == p.Address.GetLeftPart(UriPartial.Authority))).ToList();
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        {
            while (!await AnswersAsync(http, new Uri(stack.Upstream!, "/healthz"), cancellationToken))
            {
                ThrowIfDeadOrLate(waitedFor, deadline);
                await Task.Delay(100, cancellationToken);
            }
        }

        foreach (var target in workers)
        {
            using var connection = WorkerConnection.Open(target);
            var health = new Health.HealthClient(connection.Invoker);
            while (!await ServingAsync(health, cancellationToken))
            {
                ThrowIfDeadOrLate(waitedFor, deadline);
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task<bool> ServingAsync(Health.HealthClient health, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // not listening yet
        }
    }

    private static void ThrowIfDeadOrLate(IReadOnlyList<LocalProcess> waitedFor, DateTime deadline)
    {
        if (waitedFor.FirstOrDefault(p => p.HasExited) is { } dead)
        {
            throw new LocalStackException($"a local service at {dead.Address} exited during start-up; its log {dead.LogFile} ends:{System.Environment.NewLine}{LastLines(dead.LogFile)}");
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new LocalStackException("the local services did not become ready within 60 s; see their logs");
        }
    }

    /// <summary>What a service said last before it died: the cause, usually (a missing package, a taken port).</summary>
    private static string LastLines(string logFile)
    {
        const int lines = 12;
        try
        {
            return string.Join(System.Environment.NewLine, File.ReadLines(logFile).TakeLast(lines).Select(l => "  " + l));
        }
        catch (IOException e)
        {
            return $"  (unreadable: {e.Message})";
        }
    }

    /// <summary>Whether <paramref name="url"/> answers with a status <paramref name="up"/> accepts
    /// (a success, unless told otherwise); not listening yet, or slower than the client's timeout, is no.</summary>
    internal static async Task<bool> AnswersAsync(HttpClient http, Uri url, CancellationToken cancellationToken, Func<System.Net.HttpStatusCode, bool>? up = null)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return up?.Invoke(response.StatusCode) ?? response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the per-try timeout
        }
    }

    /// <summary>The OpenTelemetry settings of this process, passed on so the services export where it does.</summary>
    private static Dictionary<string, string> TelemetryEnvironment() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("OTEL_", StringComparison.Ordinal) && name != "OTEL_SERVICE_NAME")
            .ToDictionary(name => name, name => Environment.GetEnvironmentVariable(name)!);
}

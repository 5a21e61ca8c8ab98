using Simul.Orchestrator.Local;

namespace Simul.Orchestrator.Conformance;

/// <summary>
/// A model started locally the way the suite needs it (`simul conform --local`, and the tests):
/// small limits, so the overload check can fill it (one pool thread or child slot where the
/// model has them, a queue of one, three in flight); a drain delay, so the stop check sees
/// NOT_SERVING while a request finishes; a health port for /metrics; and the process, so the
/// suite can stop it. Upstream runs beside it for Fetch.
/// </summary>
public sealed class LocalConformance : IAsyncDisposable
{
    private readonly LocalServices _services;

    private LocalConformance(LocalServices services, ConformanceContext context)
    {
        _services = services;
        Context = context;
    }

    public ConformanceContext Context { get; }

    public static async Task<LocalConformance> StartAsync(LocalModel model, string logDirectory, ITraceCollector? traces, CancellationToken cancellationToken)
    {
        var metrics = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var tight = model.With("MaxQueue", "1").With("MaxInFlight", "3").With("DrainDelay", "00:00:02").With("HealthUrl", metrics.ToString());
        if (model.LimitSetting is { } limit)
        {
            tight = tight.With(limit, "1");
        }

        var services = await LocalServices.StartAsync([tight], logDirectory, cancellationToken);
        var target = services.Targets[0];
        var context = new ConformanceContext(target, new Uri(metrics, "/metrics"), new StoppableProcess(services.ProcessOf(target)), traces);
        return new LocalConformance(services, context);
    }

    public async ValueTask DisposeAsync()
    {
        Context.Dispose();
        await _services.DisposeAsync();
    }

    private sealed class StoppableProcess(LocalProcess process) : IStoppableWorker
    {
        public int Pid { get; } = process.Pid;

        public bool HasExited => process.HasExited;

        // SIGTERM, then a kill if it has not exited within its 10 s.
        public Task TerminateAsync(TimeSpan timeout) => process.DisposeAsync().AsTask().WaitAsync(timeout);
    }
}

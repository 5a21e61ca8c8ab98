using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Simul.WorkerHost.Health;

/// <summary>Whether the worker is draining: set when the host starts to stop (SIGTERM).</summary>
public sealed class WorkerLifecycle
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void StartDraining() => _draining = true;
}

/// <summary>
/// On SIGTERM, reports NOT_SERVING first and keeps serving for <see cref="WorkerSettings.DrainDelay"/>
/// before the server stops taking calls, so a load balancer that polls health (a Kubernetes
/// readiness probe) stops sending new calls before they would be refused. The host runs every
/// StoppingAsync before any StopAsync, the web server's included. In-flight requests then get
/// <see cref="WorkerSettings.ShutdownGrace"/>.
/// </summary>
public sealed class DrainOnStop(WorkerLifecycle lifecycle, IOptions<WorkerSettings> settings) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifecycle.StartDraining();
        if (settings.Value.DrainDelay > TimeSpan.Zero)
        {
            await Task.Delay(settings.Value.DrainDelay, cancellationToken);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

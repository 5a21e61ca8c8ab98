using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simul.WorkerHost.Health;

/// <summary>
/// Whether the worker can serve: not while it drains after SIGTERM, and not while its model
/// cannot run a request (the process model's child program missing, the event loop dead).
/// It backs both grpc.health.v1 on the gRPC port and GET /healthz on the health port, so a
/// Kubernetes grpc probe and the compose health check see the same answer.
/// </summary>
public sealed class WorkerHealthCheck(IConcurrencyModel model, WorkerLifecycle lifecycle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifecycle.Draining ? HealthCheckResult.Unhealthy("draining: the worker was told to stop")
            : model.NotReadyReason is { } reason ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy($"{model.Name} serving"));
}

namespace Simul.WorkerHost;

/// <summary>Settings every worker has, from the configuration section <c>Simul</c>
/// (environment: <c>Simul__Upstream</c>, ...).</summary>
public sealed class WorkerSettings
{
    public const string Section = "Simul";

    /// <summary>The only address Fetch requests go to.</summary>
    public Uri Upstream { get; set; } = new("http://127.0.0.1:5000/");

    /// <summary>Requests allowed to wait for a thread, a child process or the loop; more get RESOURCE_EXHAUSTED.</summary>
    public int MaxQueue { get; set; } = 1_000;

    /// <summary>Requests admitted at once, whatever the model; more get RESOURCE_EXHAUSTED.</summary>
    public int MaxInFlight { get; set; } = 200_000;

    /// <summary>An extra HTTP/1.1 address serving <c>GET /healthz</c> for probes that cannot speak
    /// gRPC (the gRPC port is HTTP/2 only and serves grpc.health.v1).</summary>
    public string? HealthUrl { get; set; }

    /// <summary>After SIGTERM: how long the worker reports NOT_SERVING while still serving, before it stops taking calls.</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long in-flight requests may take to finish once the worker stops taking calls.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(15);
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simul.ServiceDefaults;
using Simul.WorkerHost.Health;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// Builds a worker: simul.v1.Worker on Grpc.AspNetCore over h2c where <c>--urls</c> /
/// <c>ASPNETCORE_URLS</c> say, with grpc.health.v1 and server reflection on the same port; an
/// optional HTTP/1.1 port for <c>GET /healthz</c>; settings from the <c>Simul</c> section; a
/// graceful stop on SIGTERM; one start line naming the model and its settings. Each worker's
/// Program.cs only registers its <see cref="IConcurrencyModel"/>.
/// </summary>
public static partial class WorkerApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var section = builder.Configuration.GetSection(WorkerSettings.Section);
        var shared = section.Get<WorkerSettings>() ?? new WorkerSettings();
        builder.Services.Configure<WorkerSettings>(section);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shared.DrainDelay + shared.ShutdownGrace);
        builder.AddSimulDefaults(services => "worker-" + services.GetRequiredService<IConcurrencyModel>().Name, ServerSpans.GrpcCalls,
            sources: [RequestTiming.SourceName], meters: [WorkerMetrics.MeterName]);

        // ASP.NET Core starts an Activity and a log scope for every request that its hosting
        // diagnostics logger is enabled for, at any level, and both live as long as the request:
        // at 10,000 requests that only wait, about 7 KiB of the worker's memory a request
        // (docs/results/memory-2026-12-03-bare-server). It logs requests at Information, which a
        // worker does not keep anyway; a traced request still gets its Activity, for its span.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 4 * 1024 * 1024; // past it: RESOURCE_EXHAUSTED
            grpc.EnableDetailedErrors = false; // an exception's text stays in the log
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<WorkerLifecycle>();
        builder.Services.AddHostedService<DrainOnStop>();
        builder.Services.AddHealthChecks().AddCheck<WorkerHealthCheck>("worker");
        builder.Services.AddGrpcHealthChecks(health => health.Services.Map(Contracts.V1.Worker.Descriptor.FullName, _ => true));

        builder.Services.AddSingleton<WorkerStats>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<WorkerDescription>();
        builder.Services.AddSingleton<RequestRunner>();
        builder.Services.AddSingleton(_ => UpstreamHttp.Create());
        ListenOnGrpcAndHealthPorts(builder, shared.HealthUrl);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapGrpcService<WorkerGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapSimulDefaults();

        var model = app.Services.GetRequiredService<IConcurrencyModel>();
        // The metrics exist from the start (queue length 0, in flight 0), not from the first request.
        app.Services.GetRequiredService<WorkerMetrics>();
        var settings = app.Services.GetRequiredService<WorkerDescription>().AllSettings();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            var described = string.Join(" ", settings.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"));
            LogStarted(app.Logger, model.Name, Environment.ProcessId, urls, described);
        });
        return app;
    }

    /// <summary>gRPC over cleartext needs HTTP/2 with prior knowledge, which Kestrel serves only on
    /// endpoints limited to HTTP/2; probes that speak HTTP/1.1 get a port of their own.</summary>
    private static void ListenOnGrpcAndHealthPorts(WebApplicationBuilder builder, string? healthUrl)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            if (healthUrl is null)
            {
                return;
            }

            // Any explicit Listen makes Kestrel ignore --urls/ASPNETCORE_URLS: listen on those here too.
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Listen(kestrel, url, HttpProtocols.Http2);
            }

            Listen(kestrel, healthUrl, HttpProtocols.Http1);
        });
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url.Replace("+", "0.0.0.0", StringComparison.Ordinal).Replace("*", "0.0.0.0", StringComparison.Ordinal));
        if (uri.Host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, listen => listen.Protocols = protocols);
        }
        else if (IPAddress.TryParse(uri.Host, out var address))
        {
            kestrel.Listen(address, uri.Port, listen => listen.Protocols = protocols);
        }
        else
        {
            // A host name (a pod's, say): every interface, as ASP.NET Core does for such --urls.
            kestrel.ListenAnyIP(uri.Port, listen => listen.Protocols = protocols);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "worker model={Model} pid={Pid} listening on {Urls} settings: {Settings}")]
    private static partial void LogStarted(ILogger logger, string model, int pid, string urls, string settings);
}

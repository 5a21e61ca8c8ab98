using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.Grpc;
using Simul.Grpc.Server;
using Simul.Telemetry;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// Builds a worker: simul.v1.Worker over h2c where <c>--urls</c>/<c>ASPNETCORE_URLS</c> say, an
/// optional HTTP/1.1 health endpoint, settings from the <c>Simul</c> section, a graceful stop on
/// SIGTERM, and one start line naming the model and its settings. Each worker's Program.cs
/// only registers its <see cref="IConcurrencyModel"/>.
/// </summary>
public static partial class WorkerApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var shared = builder.Configuration.GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
        builder.Services.Configure<WorkerSettings>(builder.Configuration.GetSection(WorkerSettings.Section));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shared.ShutdownGrace);
        builder.Services.AddGrpcTransport();
        builder.Services.AddSingleton<WorkerStats>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<WorkerService>();
        builder.Services.AddSingleton(_ => UpstreamHttp.Create());
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            if (shared.HealthUrl is { } health)
            {
                // Any explicit Listen makes Kestrel ignore --urls/ASPNETCORE_URLS: listen on those here too.
                foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Listen(kestrel, url, HttpProtocols.Http2);
                }

                Listen(kestrel, health, HttpProtocols.Http1);
            }
        });
        return builder;
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url.Replace("+", "0.0.0.0", StringComparison.Ordinal).Replace("*", "0.0.0.0", StringComparison.Ordinal));
        var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
        kestrel.Listen(address, uri.Port, listen => listen.Protocols = protocols);
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        var worker = app.Services.GetRequiredService<WorkerService>();
        app.MapGrpcService("simul.v1.Worker")
            .MapUnary("Prime", PrimeRequest.Parser, worker.Prime)
            .MapUnary("Fetch", FetchRequest.Parser, worker.Fetch)
            .MapUnary("Steps", StepsRequest.Parser, worker.Steps)
            .MapUnary("Describe", DescribeRequest.Parser, worker.Describe);
        app.MapGet("/healthz", () => "ok");
        app.MapGrpcUnimplemented();

        var model = app.Services.GetRequiredService<IConcurrencyModel>();
        var telemetry = SimulTelemetry.Start($"worker-{model.Name}",
            [RpcTelemetry.SourceName, RequestTiming.SourceName, .. SimulTelemetry.FrameworkSources], [WorkerMetrics.MeterName]);
        app.Lifetime.ApplicationStopped.Register(telemetry.Dispose);
        var settings = WorkerService.AllSettings(model, app.Services.GetRequiredService<IOptions<WorkerSettings>>().Value);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            var described = string.Join(" ", settings.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"));
            LogStarted(app.Logger, model.Name, Environment.ProcessId, urls, described);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "worker model={Model} pid={Pid} listening on {Urls} settings: {Settings}")]
    private static partial void LogStarted(ILogger logger, string model, int pid, string urls, string settings);
}

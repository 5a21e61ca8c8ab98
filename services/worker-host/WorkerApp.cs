using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.Grpc.Server;

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
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            if (shared.HealthUrl is { } health)
            {
                var uri = new Uri(health.Replace("+", "0.0.0.0", StringComparison.Ordinal).Replace("*", "0.0.0.0", StringComparison.Ordinal));
                kestrel.Listen(System.Net.IPAddress.Parse(uri.Host), uri.Port, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        return builder;
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

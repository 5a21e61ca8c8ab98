using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Simul.OtlpReceiver.Otlp;

namespace Simul.OtlpReceiver;

/// <summary>
/// opentelemetry.proto.collector.trace.v1.TraceService/Export on 127.0.0.1. Keeps every span it
/// receives, or only counts them (<see cref="SpanCountingService"/>); <see cref="Hang"/> makes it
/// accept exports and never answer, like a stuck collector.
/// </summary>
public sealed class TraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private long _received;

    private TraceReceiver(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public bool Hang { get; set; }

    public long Received => Interlocked.Read(ref _received);

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static async Task<TraceReceiver> StartAsync(int port = 0, bool keepSpans = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024 * 1024);
        var service = new ExportService();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton<SpanCountingService>();
        builder.Services.AddSingleton(provider => service.Receiver);
        var receiver = new TraceReceiver(builder.Build());
        service.Receiver = receiver;
        // The tests keep the spans; a long benchmark only counts them, so that it neither fills the
        // memory nor spends the cores it measures on decoding them.
        if (keepSpans)
        {
            receiver._app.MapGrpcService<ExportService>();
        }
        else
        {
            receiver._app.MapGrpcService<SpanCountingService>();
        }

        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Address = new Uri(address);
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the spans received (exports are batched).</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = Spans;
            if (condition(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal void Count(long spans) => Interlocked.Add(ref _received, spans);

    internal async Task<ExportTraceServiceResponse> ExportAsync(ExportTraceServiceRequest request, ServerCallContext context)
    {
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        foreach (var resource in request.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
            foreach (var scope in resource.ScopeSpans)
            {
                Count(scope.Spans.Count);
                foreach (var span in scope.Spans)
                {
                    _spans.Enqueue(new ReceivedSpan(service, scope.Scope?.Name ?? "", span));
                }
            }
        }

        return new ExportTraceServiceResponse();
    }
}

/// <summary>TraceService/Export, handing every request to its receiver.</summary>
internal sealed class ExportService : TraceService.TraceServiceBase
{
    public TraceReceiver Receiver { get; set; } = null!;

    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
        Receiver.ExportAsync(request, context);
}

using System.Diagnostics;
using System.Net;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests.Conformance;

/// <summary>
/// A worker that breaks one rule: a gRPC proxy in front of a real worker that forwards every call
/// (simul.v1.Worker, health, reflection) as raw bytes, and its /metrics, through a
/// <see cref="Breakage"/> that may change one thing on the way. With no breakage it must pass
/// every check it forwards (the proxy itself breaks nothing); with one, the check for that rule
/// must fail: that is how the tests show the suite catches a broken worker.
/// </summary>
public sealed class BreakingProxy : IAsyncDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private readonly WebApplication _app;
    private readonly GrpcChannel _worker;
    private readonly HttpClient _http = new();

    private BreakingProxy(WebApplication app, GrpcChannel worker)
    {
        _app = app;
        _worker = worker;
    }

    /// <summary>Its gRPC address (HTTP/2).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The worker's /metrics as the breakage passes it on (HTTP/1.1, a port of its own).</summary>
    public Uri Metrics { get; private set; } = null!;

    public static async Task<BreakingProxy> StartAsync(string workerAddress, Uri workerMetrics, Breakage breakage)
    {
        var worker = GrpcChannel.ForAddress(workerAddress, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            MaxSendMessageSize = 16 * 1024 * 1024,
            // The caller's traceparent goes on as the caller sent it (or not, as the breakage
            // says); this process adds no trace context of its own.
            HttpHandler = new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() },
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Cleartext HTTP/2 (gRPC) and HTTP/1.1 (/metrics) cannot share a port: Kestrel needs TLS to tell them apart.
        var (grpc, metrics) = (FreePorts.Next(), FreePorts.Next());
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, grpc, listen => listen.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, metrics, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton<IServiceMethodProvider<Forwarded>>(new ForwardedMethods(worker.CreateCallInvoker(), breakage));
        var app = builder.Build();
        app.MapGrpcService<Forwarded>();
        var proxy = new BreakingProxy(app, worker) { Address = new Uri($"http://127.0.0.1:{grpc}"), Metrics = new Uri($"http://127.0.0.1:{metrics}/metrics") };
        app.MapGet("/metrics", async () => breakage.OnMetrics(await proxy._http.GetStringAsync(workerMetrics)));
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _worker.Dispose();
        _http.Dispose();
    }

    /// <summary>The service type the forwarded methods belong to; Grpc.AspNetCore wants one.</summary>
    private sealed class Forwarded;

    /// <summary>Every method the proxy serves, each forwarded as bytes through the breakage.</summary>
    private sealed class ForwardedMethods(CallInvoker worker, Breakage breakage) : IServiceMethodProvider<Forwarded>
    {
        private static readonly (string Service, string Method)[] Unary =
        [
            ("simul.v1.Worker", "Prime"), ("simul.v1.Worker", "Fetch"), ("simul.v1.Worker", "Steps"), ("simul.v1.Worker", "Describe"),
            ("grpc.health.v1.Health", "Check"),
        ];

        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<Forwarded> context)
        {
            foreach (var (service, name) in Unary)
            {
                var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, Bytes, Bytes);
                context.AddUnaryMethod(method, [], (_, request, call) => breakage.OnCallAsync(method.FullName, request, call, options => worker.AsyncUnaryCall(method, null, options, request).ResponseAsync));
            }

            if (breakage.ServesReflection)
            {
                foreach (var version in new[] { "v1", "v1alpha" })
                {
                    var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, $"grpc.reflection.{version}.ServerReflection", "ServerReflectionInfo", Bytes, Bytes);
                    context.AddDuplexStreamingMethod(method, [], (_, requests, responses, call) => PumpAsync(worker.AsyncDuplexStreamingCall(method, null, Breakage.Forward(call)), requests, responses));
                }
            }
        }

        private static async Task PumpAsync(AsyncDuplexStreamingCall<byte[], byte[]> upstream, IAsyncStreamReader<byte[]> requests, IServerStreamWriter<byte[]> responses)
        {
            using (upstream)
            {
                await foreach (var request in requests.ReadAllAsync())
                {
                    await upstream.RequestStream.WriteAsync(request);
                }

                await upstream.RequestStream.CompleteAsync();
                await foreach (var response in upstream.ResponseStream.ReadAllAsync())
                {
                    await responses.WriteAsync(response);
                }
            }
        }
    }
}

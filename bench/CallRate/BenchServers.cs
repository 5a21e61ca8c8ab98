using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;

namespace Simul.Bench;

/// <summary>
/// One Kestrel server, h2c on loopback, with two endpoints: <c>/raw</c> answers a POST with 5
/// bytes and a trailer (the least a unary gRPC call costs on HTTP/2), and simul.v1.Worker on
/// Grpc.AspNetCore answers every Prime at once (a worker with nothing to do). The callers are
/// the client halves of the same two paths.
/// </summary>
public sealed class BenchServers : IAsyncDisposable
{
    private static readonly byte[] EmptyMessage = [0, 0, 0, 0, 0];
    private static readonly PlannedRequest NoOp = new(new WorkItem { Prime = new PrimeRequest { Below = 3 } }, 2);
    private readonly WebApplication _app;
    private readonly Uri _address;
    private readonly List<IDisposable> _clients = [];

    private BenchServers(WebApplication app, Uri address)
    {
        _app = app;
        _address = address;
    }

    public static async Task<BenchServers> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapPost("/raw", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(EmptyMessage);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        app.MapGrpcService<NoOpWorker>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BenchServers(app, new Uri(address));
    }

    public Func<CancellationToken, Task> RawCaller()
    {
        var http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true });
        _clients.Add(http);
        var url = new Uri(_address, "/raw");
        return async cancellationToken =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new ByteArrayContent(EmptyMessage),
                Version = HttpVersion.Version20, // prior knowledge: cleartext HTTP/2 from the first byte
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            using var response = await http.SendAsync(request, cancellationToken);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            if (!response.TrailingHeaders.Contains("grpc-status"))
            {
                throw new InvalidOperationException("the raw endpoint sent no trailer");
            }
        };
    }

    public Func<CancellationToken, Task> GrpcCaller()
    {
        var connection = Connect();
        return async cancellationToken => await connection.Client.PrimeAsync(NoOp.Item.Prime, cancellationToken: cancellationToken);
    }

    public Func<CancellationToken, Task> OrchestratorCaller()
    {
        var sender = new CallSender(Connect(), "no-op", TimeSpan.FromSeconds(30), default);
        return async cancellationToken =>
        {
            var outcome = await sender.SendAsync(NoOp, cancellationToken);
            if (!outcome.IsOk)
            {
                throw new InvalidOperationException($"the no-op worker answered {outcome.Status}");
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private WorkerConnection Connect()
    {
        var connection = Target.Parse($"no-op={_address}").Connect();
        _clients.Add(connection);
        return connection;
    }

    private sealed class NoOpWorker : Worker.WorkerBase
    {
        private static readonly Task<WorkReply> Reply = Task.FromResult(new WorkReply { Value = 2, Model = "no-op", Timing = new Timing() });

        public override Task<WorkReply> Prime(PrimeRequest request, ServerCallContext context) => Reply;
    }
}

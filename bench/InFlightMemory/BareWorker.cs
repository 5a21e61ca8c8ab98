using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Simul.Contracts.V1;

namespace Simul.Bench;

/// <summary>
/// The least a gRPC server on ASP.NET Core can be and still serve simul.v1.Worker/Prime to a
/// request that waits: Kestrel on HTTP/2, Grpc.AspNetCore, and a handler that awaits the
/// request's wait and answers. No interceptors, accounting, metrics or logging: what a waiting
/// call costs the platform, the yardstick for what it costs a Simul worker.
/// </summary>
public sealed class BareWorker : Worker.WorkerBase
{
    public static async Task ServeAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<BareWorker>();
        await app.RunAsync();
    }

    public override async Task<WorkReply> Prime(PrimeRequest request, ServerCallContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(request.WaitMs), context.CancellationToken);
        return new WorkReply { Value = 1 };
    }
}

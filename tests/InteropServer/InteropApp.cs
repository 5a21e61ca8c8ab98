using System.Net;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simul.Grpc.Server;
using Simul.Testing;

namespace Simul.InteropServer;

/// <summary>Builds the interop server on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
public static class InteropApp
{
    public static WebApplication Build(int port, int maxReceiveMessageSize = 4 * 1024 * 1024)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseH2c();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddGrpcTransport(o => o.MaxReceiveMessageSize = maxReceiveMessageSize);
        builder.Services.AddSingleton<SleeperHandlers>();

        var app = builder.Build();
        app.MapGrpcService("grpc.testing.TestService")
            .MapUnary("EmptyCall", Empty.Parser, TestServiceHandlers.EmptyCall)
            .MapUnary("UnaryCall", SimpleRequest.Parser, TestServiceHandlers.UnaryCall);
        var sleeper = app.Services.GetRequiredService<SleeperHandlers>();
        app.MapGrpcService("simul.testing.Sleeper")
            .MapUnary("Sleep", SleepRequest.Parser, sleeper.Sleep)
            .MapUnary("Stats", StatsRequest.Parser, sleeper.Stats);
        app.MapGrpcUnimplemented();
        return app;
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Simul.Grpc.Server;

namespace Simul.Grpc.Tests.Peers;

/// <summary>Small servers made for one test: our transport with odd handlers, or raw HTTP/2
/// endpoints that answer the way a broken peer would.</summary>
public static class TestApps
{
    public static WebApplication Create(HttpProtocols protocols = HttpProtocols.Http2, IPAddress? address = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address ?? IPAddress.Loopback, port, l => l.Protocols = protocols));
        builder.Services.AddGrpcTransport();
        return builder.Build();
    }
}

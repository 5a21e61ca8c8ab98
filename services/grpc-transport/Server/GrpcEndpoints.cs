using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Server;

/// <summary>The unary methods of one gRPC service, each mapped to its own endpoint.</summary>
public sealed class GrpcServiceEndpoints
{
    private readonly IEndpointRouteBuilder _endpoints;
    private readonly string _service;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;

    internal GrpcServiceEndpoints(IEndpointRouteBuilder endpoints, string service)
    {
        _endpoints = endpoints;
        _service = service;
        _options = endpoints.ServiceProvider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        _logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Simul.Grpc");
        endpoints.ServiceProvider.GetRequiredService<KnownGrpcServices>().Add(service);
    }

    public GrpcServiceEndpoints MapUnary<TRequest, TResponse>(
        string method, MessageParser<TRequest> parser, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        var call = new UnaryCallHandler<TRequest, TResponse>(_service, method, parser, handler, _options, _logger);
        _endpoints.Map($"/{_service}/{method}", call.HandleAsync);
        return this;
    }
}

/// <summary>Names of the services mapped so far, so an unknown path can say which part is unknown.</summary>
internal sealed class KnownGrpcServices
{
    private readonly HashSet<string> _names = [];

    public void Add(string service)
    {
        lock (_names)
        {
            _names.Add(service);
        }
    }

    public bool Contains(string service)
    {
        lock (_names)
        {
            return _names.Contains(service);
        }
    }
}

public static class GrpcEndpointExtensions
{
    public static IServiceCollection AddGrpcTransport(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddSingleton<KnownGrpcServices>();
        services.AddOptions<GrpcServerOptions>().Configure(o => configure?.Invoke(o));
        return services;
    }

    /// <summary>gRPC over cleartext needs HTTP/2 with prior knowledge: Kestrel serves it only
    /// on endpoints limited to HTTP/2.</summary>
    public static IWebHostBuilder UseH2c(this IWebHostBuilder webHost) =>
        webHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));

    public static GrpcServiceEndpoints MapGrpcService(this IEndpointRouteBuilder endpoints, string service) =>
        new(endpoints, service);

    /// <summary>Answers every other path with UNIMPLEMENTED, as gRPC clients expect.</summary>
    public static IEndpointConventionBuilder MapGrpcUnimplemented(this IEndpointRouteBuilder endpoints)
    {
        var known = endpoints.ServiceProvider.GetRequiredService<KnownGrpcServices>();
        return endpoints.MapFallback(context =>
        {
            var service = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            GrpcResponseWriter.WriteStatus(context.Response, StatusCode.Unimplemented,
                known.Contains(service) ? "Method is unimplemented." : "Service is unimplemented.");
            return Task.CompletedTask;
        });
    }
}

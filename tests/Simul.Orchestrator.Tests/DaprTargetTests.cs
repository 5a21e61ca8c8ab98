using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simul.Contracts.V1;
using Simul.Grpc.Protocol;
using Simul.Grpc.Server;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Tests;

/// <summary>
/// Through Dapr, the orchestrator sends its ordinary gRPC call to its own sidecar with the
/// metadata dapr-app-id, and the sidecar forwards it to that app. A stand-in sidecar here
/// checks the metadata and forwards to a real worker.
/// </summary>
public sealed class DaprTargetTests : IAsyncLifetime
{
    private const string AppId = "worker-async";
    private readonly List<string?> _appIdsSeen = [];
    private LocalServices? _worker;
    private WebApplication? _sidecar;
    private int _sidecarPort;

    public async Task InitializeAsync()
    {
        _worker = await LocalServices.StartAsync([LocalModel.Named("async")], Path.Combine(Path.GetTempPath(), "simul-tests", nameof(DaprTargetTests)), CancellationToken.None);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseH2c();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddGrpcTransport();
        _sidecar = builder.Build();
        _sidecar.MapGrpcService("simul.v1.Worker").MapUnary("Prime", PrimeRequest.Parser, ForwardAsync);
        await _sidecar.StartAsync();
        _sidecarPort = new Uri(_sidecar.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.StopAsync();
            await _sidecar.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dapr_target_calls_the_local_sidecar_with_the_app_id_and_gets_the_apps_answer()
    {
        var target = Target.Parse($"async=dapr://{AppId}", Sidecar);
        using var client = target.Connect();

        var reply = await client.PrimeAsync(new PrimeRequest { Below = 1000, WaitMs = 1 });

        Assert.Equal(997, reply.Value);
        Assert.Equal("async", reply.Model);
        Assert.Equal([AppId], _appIdsSeen);
        Assert.Equal(new Uri($"http://127.0.0.1:{_sidecarPort}"), target.Address);
    }

    [Fact]
    public async Task An_unknown_app_id_comes_back_as_the_sidecars_error()
    {
        using var client = Target.Parse("async=dapr://no-such-app", Sidecar).Connect();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PrimeAsync(new PrimeRequest { Below = 3 }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private string? Sidecar(string name) => name == "DAPR_GRPC_PORT" ? _sidecarPort.ToString(CultureInfo.InvariantCulture) : null;

    private async Task<WorkReply> ForwardAsync(PrimeRequest request, ServerCallContext context)
    {
        var appId = context.GetRequestHeader("dapr-app-id");
        lock (_appIdsSeen)
        {
            _appIdsSeen.Add(appId);
        }

        if (appId != AppId)
        {
            throw new RpcException(StatusCode.NotFound, $"no app '{appId}' is known to this sidecar");
        }

        using var app = _worker!.Targets[0].Connect();
        return await app.PrimeAsync(request, new Simul.Grpc.Client.CallOptions(CancellationToken: context.CancellationToken));
    }
}

using System.Globalization;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Tests;

/// <summary>
/// Through Dapr, the orchestrator sends its ordinary gRPC call to its own sidecar with the
/// metadata dapr-app-id (and dapr-api-token when DAPR_API_TOKEN is set), which Dapr.Client's
/// invocation invoker adds; the sidecar forwards the call to that app. A stand-in sidecar here
/// checks both and forwards to a real worker.
/// </summary>
public sealed class DaprTargetTests : IAsyncLifetime
{
    private const string AppId = "worker-async";
    private const string Token = "s3cret-token";
    private LocalServices? _worker;
    private StandInServer? _sidecar;
    private StandInSidecar? _forwarder;

    public async Task InitializeAsync()
    {
        _worker = await LocalServices.StartAsync([LocalModel.Named("async")], Path.Combine(Path.GetTempPath(), "simul-tests", nameof(DaprTargetTests)), CancellationToken.None);
        _forwarder = new StandInSidecar(_worker.Targets[0]);
        _sidecar = await StandInServer.StartAsync(_forwarder);
    }

    public async Task DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }

        _forwarder?.Dispose();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dapr_target_calls_the_local_sidecar_with_the_app_id_and_token_and_gets_the_apps_answer()
    {
        var target = Target.Parse($"async=dapr://{AppId}", Sidecar(("DAPR_GRPC_PORT", Port), ("DAPR_API_TOKEN", Token)));
        using var connection = target.Connect();

        var reply = await connection.Client.PrimeAsync(new PrimeRequest { Below = 1000, WaitMs = 1 });

        Assert.Equal(997, reply.Value);
        Assert.Equal("async", reply.Model);
        Assert.Equal([(AppId, Token)], _forwarder!.Seen);
        Assert.Equal($"http://127.0.0.1:{Port}", target.Address);
    }

    [Fact]
    public void The_sidecar_endpoint_comes_from_DAPR_GRPC_ENDPOINT_before_DAPR_GRPC_PORT()
    {
        var target = Target.Parse("async=dapr://app", Sidecar(("DAPR_GRPC_ENDPOINT", "http://sidecar:3500"), ("DAPR_GRPC_PORT", "1")));

        Assert.Equal("http://sidecar:3500", target.Address);
        Assert.Equal("http://127.0.0.1:50001", Target.Parse("async=dapr://app", _ => null).Address);
    }

    [Fact]
    public async Task An_unknown_app_id_comes_back_as_the_sidecars_error()
    {
        using var connection = Target.Parse("async=dapr://no-such-app", Sidecar(("DAPR_GRPC_PORT", Port))).Connect();

        var error = await Assert.ThrowsAsync<RpcException>(() => connection.Client.PrimeAsync(new PrimeRequest { Below = 3 }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private string Port => _sidecar!.Address.Port.ToString(CultureInfo.InvariantCulture);

    private static Func<string, string?> Sidecar(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    /// <summary>What a sidecar does with an invocation: read the app id, check it, forward.</summary>
    private sealed class StandInSidecar(Target app) : Worker.WorkerBase, IDisposable
    {
        private readonly WorkerConnection _app = app.Connect();
        private readonly List<(string? AppId, string? Token)> _seen = [];

        public IReadOnlyList<(string? AppId, string? Token)> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public override async Task<WorkReply> Prime(PrimeRequest request, ServerCallContext context)
        {
            var appId = context.RequestHeaders.GetValue("dapr-app-id");
            lock (_seen)
            {
                _seen.Add((appId, context.RequestHeaders.GetValue("dapr-api-token")));
            }

            return appId == AppId
                ? await _app.Client.PrimeAsync(request, cancellationToken: context.CancellationToken)
                : throw new RpcException(new Status(StatusCode.NotFound, $"no app '{appId}' is known to this sidecar"));
        }

        public void Dispose() => _app.Dispose();
    }
}

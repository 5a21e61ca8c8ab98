using Grpc.Core;
using Grpc.Health.V1;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Targets;

namespace Simul.Workers.Tests;

public sealed class WorkersWithHealthPorts : RunningWorkers
{
    public int HealthPort { get; } = FreePorts.Next();

    protected override IReadOnlyList<LocalModel> Models =>
    [
        LocalModel.Named("process"),
        LocalModel.Named("threadpool"),
        LocalModel.Named("async").With("HealthUrl", $"http://127.0.0.1:{HealthPort}"),
    ];
}

/// <summary>
/// What a gRPC tool sees of a worker: grpc.health.v1 and server reflection on the gRPC port,
/// asked by an independent implementation (grpc-js) that has no Simul .proto; the same health on
/// GET /healthz for HTTP/1.1 probes; NOT_SERVING when the worker cannot serve or is draining.
/// </summary>
public class HealthAndReflectionTests(WorkersWithHealthPorts workers) : IClassFixture<WorkersWithHealthPorts>
{
    [Theory]
    [InlineData("process")]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task An_independent_client_sees_the_worker_serving_and_lists_its_service_through_reflection(string model)
    {
        var answer = await GrpcJsProbe.AskAsync(Address(model));

        Assert.Equal("SERVING", answer.Health[""]);
        Assert.Equal("SERVING", answer.Health["simul.v1.Worker"]);
        Assert.Contains("simul.v1.Worker", answer.Services);
        Assert.Contains("grpc.health.v1.Health", answer.Services);
        Assert.Equal(["Prime", "Fetch", "Steps", "Describe"], answer.WorkerMethods);
    }

    [Fact]
    public async Task The_health_port_answers_http1_and_the_grpc_port_still_serves()
    {
        using var http = new HttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri($"http://127.0.0.1:{workers.HealthPort}/healthz")));
        Assert.Equal(2, (await workers["async"].PrimeAsync(Calls.Prime(3, 0), Calls.Generous)).Value);
    }

    [Fact]
    public async Task A_process_worker_without_its_child_program_is_not_serving_and_says_why()
    {
        var environment = new Dictionary<string, string> { ["Simul__ChildPath"] = "/nonexistent/simul-worker-child", ["Simul__ChildBuild"] = "Aot" };
        await using var worker = LocalProcess.Start(RepoLayout.ServiceDll("worker-process", "Simul.WorkerProcess"), environment,
            Path.Combine(Path.GetTempPath(), "simul-tests", "no-child.log"));
        using var connection = new Target("process", TargetKind.Direct, worker.Address.GetLeftPart(UriPartial.Authority)).Connect();
        var health = new Health.HealthClient(connection.Invoker);

        var status = await StatusOnceAnsweringAsync(health);
        var refused = await Assert.ThrowsAsync<RpcException>(() => connection.Client.PrimeAsync(Calls.Prime(3, 0), Calls.Generous).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, status);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("/nonexistent/simul-worker-child", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draining_worker_reports_not_serving_while_its_request_in_flight_finishes()
    {
        var services = await LocalServices.StartAsync([LocalModel.Named("async").With("DrainDelay", "00:00:03")],
            Path.Combine(Path.GetTempPath(), "simul-tests", "draining"), CancellationToken.None);
        using var connection = services.Targets[0].Connect();
        var health = new Health.HealthClient(connection.Invoker);
        var inFlight = connection.Client.PrimeAsync(Calls.Prime(3, 2000), Calls.Generous).ResponseAsync;
        await Calls.WaitUntilAsync(async () => (await connection.Client.DescribeAsync()).InFlight == 1, "the request is in flight");

        var stopping = services.DisposeAsync().AsTask(); // SIGTERM, then wait for the exit
        await Calls.WaitUntilAsync(async () => await StatusOnceAnsweringAsync(health) == HealthCheckResponse.Types.ServingStatus.NotServing,
            "health says NOT_SERVING");
        Assert.Equal(2, (await inFlight).Value);
        await stopping;
    }

    private Uri Address(string model) => new(workers.Services.Targets.Single(t => t.Model == model).Address);

    private static async Task<HealthCheckResponse.Types.ServingStatus> StatusOnceAnsweringAsync(Health.HealthClient health)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2))).Status;
            }
            catch (RpcException) when (attempt < 100)
            {
                await Task.Delay(100); // not listening yet
            }
        }
    }
}

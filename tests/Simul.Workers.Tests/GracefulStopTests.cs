using Grpc.Core;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests;

/// <summary>SIGTERM stops a worker gracefully: requests in flight finish, and the process model
/// leaves no child behind.</summary>
public class GracefulStopTests
{
    [Theory]
    [InlineData("process")]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task A_request_in_flight_finishes_when_the_worker_is_told_to_stop(string model)
    {
        var services = await LocalServices.StartAsync([LocalModel.Named(model)], Path.Combine(Path.GetTempPath(), "simul-tests", nameof(GracefulStopTests)), CancellationToken.None);
        var worker = services.ProcessOf(services.Targets[0]);
        using var connection = services.Targets[0].Connect();
        var client = connection.Client;

        var call = client.PrimeAsync(Calls.Prime(3, 1500), Calls.Generous); // one candidate, one 1.5 s wait
        await Calls.WaitUntilAsync(async () => (await client.DescribeAsync()).InFlight == 1, "the request is in flight");
        // Admitted is not yet spawned: on a busy machine the child may start a little later.
        await Calls.WaitUntilAsync(() => Calls.ChildrenOf(worker.Pid).Count == (model == "process" ? 1 : 0), "the request's child runs");
        var children = Calls.ChildrenOf(worker.Pid);

        await services.DisposeAsync(); // SIGTERM to every service, then wait for them to exit

        Assert.Equal(2, (await call).Value);
        Assert.True(worker.HasExited);
        Assert.All(children, child => Assert.False(Directory.Exists($"/proc/{child}"), $"child {child} outlived the worker"));
        Assert.Equal(model == "process" ? 1 : 0, children.Count);
        await Assert.ThrowsAsync<RpcException>(() => client.PrimeAsync(Calls.Prime(3, 0)).ResponseAsync);
    }
}

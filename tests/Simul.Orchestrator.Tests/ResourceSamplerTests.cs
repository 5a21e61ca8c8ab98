using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Tests;

/// <summary>The CPU timeline the sampler keeps, against a stand-in worker that burns exactly one
/// core (its CPU seconds are its age) and stops answering Describe for a while, as an overloaded
/// worker does past Describe's deadline.</summary>
public sealed class ResourceSamplerTests
{
    [Fact]
    public async Task A_worker_that_stops_answering_leaves_no_point_that_dates_its_cpu_late()
    {
        var worker = new OneCoreWorker(silentFrom: TimeSpan.FromMilliseconds(300), silentFor: TimeSpan.FromMilliseconds(800));
        await using var server = await StandInServer.StartAsync(worker);
        using var connection = new Target("async", TargetKind.Direct, server.Address.GetLeftPart(UriPartial.Authority)).Connect();

        var sampler = await ResourceSampler.StartAsync(connection);
        await Task.Delay(1800);
        var sample = await sampler.StopAsync();
        await sampler.DisposeAsync();

        // Between any two points, the CPU grew by at most the time between them (one core) plus
        // the round trip of a Describe (0.2 s allowed on a busy box); a stale value restamped at
        // a later sample would show the whole silence's 0.8 s of CPU in one 100 ms step.
        var timeline = sample.Timeline!;
        Assert.True(timeline.Count >= 4, $"{timeline.Count} points");
        foreach (var (before, after) in timeline.Zip(timeline.Skip(1)))
        {
            var seconds = (after.AtUs - before.AtUs) / 1e6;
            var cpu = after.WorkerSeconds - before.WorkerSeconds;
            Assert.True(cpu <= seconds + 0.2, $"{cpu:F3} s of CPU between points {seconds:F3} s apart");
        }

        Assert.True(worker.Refused > 0, "the worker never went silent");
    }

    private sealed class OneCoreWorker(TimeSpan silentFrom, TimeSpan silentFor) : Worker.WorkerBase
    {
        private readonly Stopwatch _age = Stopwatch.StartNew();
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public override Task<WorkerInfo> Describe(DescribeRequest request, ServerCallContext context)
        {
            var age = _age.Elapsed;
            if (age > silentFrom && age < silentFrom + silentFor)
            {
                Interlocked.Increment(ref _refused);
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "too busy to answer"));
            }

            return Task.FromResult(new WorkerInfo { Model = "async", Instance = "stand-in", CpuSeconds = age.TotalSeconds });
        }
    }
}

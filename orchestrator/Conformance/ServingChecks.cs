using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>What tools and platforms see of a worker: grpc.health.v1, server reflection, and a
/// graceful stop (NOT_SERVING while draining, the request in flight finished, nothing left behind).</summary>
internal static class ServingChecks
{
    public static Check Health { get; } = new("serving: grpc.health.v1 says SERVING for the server and simul.v1.Worker, NOT_FOUND for others", async context =>
    {
        var health = new Grpc.Health.V1.Health.HealthClient(context.Invoker);
        foreach (var service in new[] { "", Worker.Descriptor.FullName })
        {
            var reply = await health.CheckAsync(new HealthCheckRequest { Service = service }, ConformanceContext.Within(TimeSpan.FromSeconds(10)));
            Expect.That(reply.Status == HealthCheckResponse.Types.ServingStatus.Serving, $"health of '{service}' is {reply.Status}");
        }

        var unknown = await ConformanceContext.StatusOf(health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, ConformanceContext.Within(TimeSpan.FromSeconds(10))));
        Expect.That(unknown.StatusCode == StatusCode.NotFound, $"health of an unknown service is {unknown.StatusCode}, not NOT_FOUND");
        return CheckResult.Pass();
    });

    public static Check Reflection { get; } = new("serving: server reflection lists simul.v1.Worker and describes its four methods", async context =>
    {
        var reflection = new ServerReflection.ServerReflectionClient(context.Invoker);
        using var call = reflection.ServerReflectionInfo(ConformanceContext.Within(TimeSpan.FromSeconds(10)));
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = Worker.Descriptor.FullName });
        await call.RequestStream.CompleteAsync();
        var replies = new List<ServerReflectionResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            replies.Add(call.ResponseStream.Current);
        }

        var services = replies.SelectMany(r => r.ListServicesResponse?.Service ?? []).Select(s => s.Name).ToList();
        Expect.That(services.Contains(Worker.Descriptor.FullName) && services.Contains("grpc.health.v1.Health"),
            $"reflection lists {string.Join(", ", services)}");
        var methods = replies.SelectMany(r => r.FileDescriptorResponse?.FileDescriptorProto ?? [])
            .Select(FileDescriptorProto.Parser.ParseFrom)
            .SelectMany(f => f.Service.Where(s => $"{f.Package}.{s.Name}" == Worker.Descriptor.FullName))
            .SelectMany(s => s.Method.Select(m => m.Name)).ToList();
        Expect.That(methods.SequenceEqual(["Prime", "Fetch", "Steps", "Describe"]), $"reflection describes simul.v1.Worker with methods {string.Join(", ", methods)}");
        return CheckResult.Pass();
    });

    public static Check Draining { get; } = new("serving: after SIGTERM, NOT_SERVING while the request in flight finishes; then it exits, leaving no child", async context =>
    {
        if (context.Process is not { } process)
        {
            return CheckResult.Skip("the suite did not start this worker, so it cannot stop it (conform --local does)");
        }

        var health = new Grpc.Health.V1.Health.HealthClient(context.Invoker);
        var before = await context.DescribeAsync();
        var inFlight = context.Client.PrimeAsync(new PrimeRequest { Below = 3, WaitMs = 1_500 }, ConformanceContext.Within(TimeSpan.FromSeconds(30))).ResponseAsync;
        await context.WaitRunningAsync(before, running: 1, queued: 0, "the request running");
        var children = ChildProcesses.Of(process.Pid);
        var stopped = process.TerminateAsync(TimeSpan.FromSeconds(30));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        HealthCheckResponse.Types.ServingStatus? seen = null;
        while (seen != HealthCheckResponse.Types.ServingStatus.NotServing && clock.Elapsed < TimeSpan.FromSeconds(1) && !inFlight.IsCompleted)
        {
            seen = (await health.CheckAsync(new HealthCheckRequest(), ConformanceContext.Within(TimeSpan.FromSeconds(2)))).Status;
        }

        Expect.That(seen == HealthCheckResponse.Types.ServingStatus.NotServing, $"health said {seen?.ToString() ?? "nothing"} after SIGTERM, while the request was in flight");
        var reply = await inFlight;
        Expect.That(reply.Value == 2, $"the request in flight answered {reply.Value}");
        await stopped;
        Expect.That(process.HasExited, "the worker did not exit within 30 s of SIGTERM");
        var left = children.Where(ChildProcesses.IsAlive).ToList();
        Expect.That(left.Count == 0, $"child processes {string.Join(", ", left)} outlived the worker");
        return CheckResult.Pass();
    });
}

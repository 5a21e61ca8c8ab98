using Dapr.Client;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Targets;

/// <summary>
/// simul.v1.Worker as the orchestrator calls it: the generated client on a Grpc.Net.Client
/// channel (or, for Dapr, on Dapr.Client's invocation invoker), and what the connection owns.
/// </summary>
public sealed class WorkerConnection : IDisposable
{
    private readonly IDisposable _owner;

    private WorkerConnection(Target target, CallInvoker invoker, IDisposable owner, AttemptCounter attempts)
    {
        Server = ServerOf(target);
        Invoker = invoker;
        Client = new Worker.WorkerClient(invoker);
        _owner = owner;
        Attempts = attempts;
    }

    /// <summary>Every attempt of every work call on this connection, first ones and retries.</summary>
    public AttemptCounter Attempts { get; }

    /// <summary>The calls' way to the worker, for clients of other services on it (grpc.health.v1).</summary>
    public CallInvoker Invoker { get; }

    public Worker.WorkerClient Client { get; }

    /// <summary>The server every call goes to (a call's span names it), or null when a balancer
    /// picks one per call (a name's addresses, replicas).</summary>
    public (string Host, int Port)? Server { get; }

    /// <summary>Connects to <paramref name="target"/>. <paramref name="services"/> may bring the
    /// channel its own resolver (a test's stand-in for DNS); by default names are looked up in DNS
    /// and again every 15 s, so pods an autoscaler adds start getting calls. With
    /// <paramref name="retries"/>, failed calls are retried by the channel's retry policy.</summary>
    public static WorkerConnection Open(Target target, IServiceProvider? services = null, ClientRetries? retries = null)
    {
        // HTTP/2 allows a server 100 concurrent streams per connection (Kestrel's default):
        // more calls at once than that need more connections, or they queue in the client.
        var handler = new AttemptCounter(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // A traced call carries its span's context in its own headers (Load.CallSender). The
            // handler's propagation would start an Activity of its own for every call to carry it.
            ActivityHeadersPropagator = null,
        });
        var options = new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            ServiceProvider = services ?? DefaultServices,
            ServiceConfig = retries is null ? null : new ServiceConfig { MethodConfigs = { retries.MethodConfig() } },
        };
        switch (target.Kind)
        {
            case TargetKind.Dapr:
                // Dapr.Client adds dapr-app-id (and dapr-api-token) to every call; the sidecar does the rest.
                var invoker = DaprClient.CreateInvocationInvoker(target.DaprAppId!, options, target.Address, target.DaprApiToken);
                return new WorkerConnection(target, invoker, handler, handler);
            case TargetKind.Balanced:
                options.Credentials = ChannelCredentials.Insecure;
                (options.ServiceConfig ??= new ServiceConfig()).LoadBalancingConfigs.Add(new RoundRobinConfig());
                break;
            case TargetKind.Replicas:
                // The replicas' fixed addresses in place of a name's: the same round_robin.
                var addresses = target.Each.Select(r => new Uri(r.Address)).Select(u => new BalancerAddress(u.Host, u.Port)).ToList();
                options.ServiceProvider = new ServiceCollection().AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses)).BuildServiceProvider();
                options.Credentials = ChannelCredentials.Insecure;
                (options.ServiceConfig ??= new ServiceConfig()).LoadBalancingConfigs.Add(new RoundRobinConfig());
                var replicas = GrpcChannel.ForAddress("static:///" + target.Model, options);
                return new WorkerConnection(target, replicas.CreateCallInvoker(), replicas, handler);
        }

        var channel = GrpcChannel.ForAddress(target.Address, options);
        return new WorkerConnection(target, channel.CreateCallInvoker(), channel, handler);
    }

    /// <summary>Sends a work item to the method of its workload.</summary>
    public Task<WorkReply> RunAsync(WorkItem item, CallOptions options) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => Client.PrimeAsync(item.Prime, options).ResponseAsync,
        WorkItem.WorkloadOneofCase.Fetch => Client.FetchAsync(item.Fetch, options).ResponseAsync,
        WorkItem.WorkloadOneofCase.Steps => Client.StepsAsync(item.Steps, options).ResponseAsync,
        _ => throw new ArgumentException("the work item names no workload", nameof(item)),
    };

    /// <summary>The method a work item is sent to, as gRPC names it (and a client span by the RPC
    /// semantic conventions): <c>simul.v1.Worker/Prime</c>.</summary>
    public static string MethodOf(WorkItem item) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => PrimeMethod,
        WorkItem.WorkloadOneofCase.Fetch => FetchMethod,
        WorkItem.WorkloadOneofCase.Steps => StepsMethod,
        _ => throw new ArgumentException("the work item names no workload", nameof(item)),
    };

    public Task<WorkerInfo> DescribeAsync(CallOptions options) => Client.DescribeAsync(new DescribeRequest(), options).ResponseAsync;

    public void Dispose() => _owner.Dispose();

    private static readonly string PrimeMethod = Worker.Descriptor.FullName + "/Prime";
    private static readonly string FetchMethod = Worker.Descriptor.FullName + "/Fetch";
    private static readonly string StepsMethod = Worker.Descriptor.FullName + "/Steps";

    private static (string Host, int Port)? ServerOf(Target target) =>
        target.Kind is TargetKind.Direct or TargetKind.Dapr && Uri.TryCreate(target.Address, UriKind.Absolute, out var uri) ? (uri.Host, uri.Port) : null;

    private static IServiceProvider DefaultServices { get; } = new ServiceCollection()
        .AddSingleton<ResolverFactory>(new DnsResolverFactory(TimeSpan.FromSeconds(15)))
        .BuildServiceProvider();
}

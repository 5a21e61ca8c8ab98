using Simul.Contracts.V1;
using Simul.Grpc.Client;

namespace Simul.Orchestrator.Targets;

/// <summary>simul.v1.Worker as the orchestrator calls it: one client per worker.</summary>
public sealed class WorkerClient(IUnaryCaller channel) : IDisposable
{
    private const string Service = "simul.v1.Worker";
    private static readonly GrpcMethod<PrimeRequest, WorkReply> PrimeMethod = new(Service, "Prime", WorkReply.Parser);
    private static readonly GrpcMethod<FetchRequest, WorkReply> FetchMethod = new(Service, "Fetch", WorkReply.Parser);
    private static readonly GrpcMethod<StepsRequest, WorkReply> StepsMethod = new(Service, "Steps", WorkReply.Parser);
    private static readonly GrpcMethod<DescribeRequest, WorkerInfo> DescribeMethod = new(Service, "Describe", WorkerInfo.Parser);

    public Uri Address => channel.Address;

    public Task<WorkReply> PrimeAsync(PrimeRequest request, CallOptions options = default) => channel.UnaryAsync(PrimeMethod, request, options);

    public Task<WorkReply> FetchAsync(FetchRequest request, CallOptions options = default) => channel.UnaryAsync(FetchMethod, request, options);

    public Task<WorkReply> StepsAsync(StepsRequest request, CallOptions options = default) => channel.UnaryAsync(StepsMethod, request, options);

    public Task<WorkerInfo> DescribeAsync(CallOptions options = default) => channel.UnaryAsync(DescribeMethod, new DescribeRequest(), options);

    /// <summary>Sends a work item to the method of its workload.</summary>
    public Task<WorkReply> RunAsync(WorkItem item, CallOptions options = default) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => PrimeAsync(item.Prime, options),
        WorkItem.WorkloadOneofCase.Fetch => FetchAsync(item.Fetch, options),
        WorkItem.WorkloadOneofCase.Steps => StepsAsync(item.Steps, options),
        _ => throw new ArgumentException("the work item names no workload", nameof(item)),
    };

    public void Dispose() => channel.Dispose();
}

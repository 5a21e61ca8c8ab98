using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Workloads;

namespace Simul.WorkerHost;

/// <summary>simul.v1.Worker, the same for every model: each work method hands its request to
/// the <see cref="RequestRunner"/> (admission, metrics and error mapping included); Describe is
/// never refused, since it is how overload is seen; a request that cannot be parsed is answered
/// by <see cref="WorkerBinding"/>.</summary>
[BindServiceMethod(typeof(WorkerBinding), nameof(WorkerBinding.BindService))]
public sealed class WorkerGrpcService(RequestRunner runner, WorkerDescription description) : Worker.WorkerBase
{
    public override Task<WorkReply> Prime(PrimeRequest request, ServerCallContext context) =>
        runner.RunAsync(new WorkItem { Prime = request }, WorkloadNames.Prime, context);

    public override Task<WorkReply> Fetch(FetchRequest request, ServerCallContext context) =>
        runner.RunAsync(new WorkItem { Fetch = request }, WorkloadNames.Fetch, context);

    public override Task<WorkReply> Steps(StepsRequest request, ServerCallContext context) =>
        runner.RunAsync(new WorkItem { Steps = request }, WorkloadNames.Steps, context);

    public override Task<WorkerInfo> Describe(DescribeRequest request, ServerCallContext context) =>
        Task.FromResult(description.Now());
}

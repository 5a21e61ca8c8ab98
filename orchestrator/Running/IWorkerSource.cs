using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Running;

/// <summary>Where a sweep gets each level's worker: a fresh process for local models (a clean
/// memory baseline per level; with <paramref name="replicas"/>, that many of them), the same
/// worker for those running elsewhere.</summary>
public interface IWorkerSource
{
    Task<Target> FreshAsync(Target target, int? replicas, CancellationToken cancellationToken);
}

/// <summary>Workers this orchestrator did not start: every level goes to the same one.</summary>
public sealed class RunningElsewhere : IWorkerSource
{
    public static RunningElsewhere Instance { get; } = new();

    public Task<Target> FreshAsync(Target target, int? replicas, CancellationToken cancellationToken) => replicas is null
        ? Task.FromResult(target)
        : throw new ArgumentException($"a replicas sweep starts the replicas itself: give local models (--local), not {target}");
}

using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Running;

/// <summary>Where a sweep gets each level's worker: a fresh process for local models (a clean
/// memory baseline per level), the same worker for those running elsewhere.</summary>
public interface IWorkerSource
{
    Task<Target> FreshAsync(Target target, CancellationToken cancellationToken);
}

/// <summary>Workers this orchestrator did not start: every level goes to the same one.</summary>
public sealed class RunningElsewhere : IWorkerSource
{
    public static RunningElsewhere Instance { get; } = new();

    public Task<Target> FreshAsync(Target target, CancellationToken cancellationToken) => Task.FromResult(target);
}

using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Running;

/// <summary>How a <see cref="ScenarioRunner"/> runs: the cores of this machine when the workers
/// share them (local models); whether rows keep every call (--requests-csv); how many times each
/// row runs (--repeat); upstream's address, for fault stages (--upstream, or the local one); the
/// load generator's retry policy (--retries).</summary>
public sealed record RunnerOptions(int? LocalCores = null, bool KeepCalls = false, int Repeat = 1, Uri? Upstream = null, ClientRetries? Retries = null);

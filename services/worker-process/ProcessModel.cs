using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.Telemetry;
using Microsoft.Extensions.Logging;
using Simul.Workloads;
using Simul.WorkerHost;
using Simul.Workloads.Accounting;

namespace Simul.WorkerProcess;

/// <summary>
/// The process-per-request model. Every request runs in a fresh child process, an ordinary
/// program that blocks while it waits; the OS runs the children side by side. At most
/// <see cref="ProcessSettings.MaxChildren"/> children live at once: further requests queue for a
/// slot, and past <see cref="WorkerSettings.MaxQueue"/> waiting they are refused
/// (RESOURCE_EXHAUSTED); one whose caller goes while it waits never spawns. Each reply's spawn time is the price of a process per request.
/// </summary>
public sealed class ProcessModel : IConcurrencyModel, IDisposable
{
    private readonly ChildCommand _command;
    private readonly ChildLauncher _launcher;
    private readonly SemaphoreSlim _slots;
    private readonly QueueGate _gate;
    private long _slotTicks;

    public ProcessModel(IOptions<ProcessSettings> options, IOptions<WorkerSettings> shared, ILogger<ProcessModel> logger)
    {
        var settings = options.Value;
        var command = _command = ChildCommand.Resolve(settings, traced: OtlpEndpoints.FromEnvironment().Traces is not null);
        _launcher = new ChildLauncher(command, shared.Value.Upstream, logger);
        _slots = new SemaphoreSlim(settings.MaxChildren);
        _gate = new QueueGate(shared.Value.MaxQueue, "all child slots are busy");
        Settings = new Dictionary<string, string>
        {
            ["max_children"] = settings.MaxChildren.ToString(CultureInfo.InvariantCulture),
            ["child_build"] = command.Build.ToString().ToLowerInvariant(),
            ["child_command"] = string.Join(" ", [command.FileName, .. command.Arguments]),
        };
        Capabilities = new Capabilities
        {
            Family = Family.Processes,
            Limit = new ConcurrencyLimit { Kind = ConcurrencyLimit.Types.Kind.ChildSlots, Count = settings.MaxChildren },
            Compute = new ComputeLimit { Kind = ComputeLimit.Types.Kind.Cores },
            Detail = command.Build.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>"process" whichever child build runs: Describe's detail says which.</summary>
    public string Name => "process";

    public QueueGate Queue => _gate;

    public string? NotReadyReason => _command.Missing;

    public int ChildProcesses => _launcher.Alive;

    public long Spawned => _launcher.Spawned;

    public (long Rss, long Pss) ChildrenMemory => _launcher.AliveMemory();

    public double SlotSeconds => Interlocked.Read(ref _slotTicks) / (double)Stopwatch.Frequency;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Capabilities Capabilities { get; }

    public async Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        using (var place = _gate.Join(cancellationToken))
        {
            await _slots.WaitAsync(cancellationToken);
            if (!place.TryStart(timing))
            {
                // Its caller went as the slot came: the slot goes to the next one, unused.
                _slots.Release();
                throw new OperationCanceledException(cancellationToken);
            }
        }

        var held = Stopwatch.GetTimestamp();
        var exited = Task.CompletedTask;
        try
        {
            var run = await _launcher.RunAsync(item, timing, cancellationToken);
            exited = run.Exited;
            return run.Value;
        }
        finally
        {
            // The slot is free when the child is gone, not merely when it has answered.
            _ = exited.ContinueWith(_ =>
            {
                Interlocked.Add(ref _slotTicks, Stopwatch.GetTimestamp() - held);
                _slots.Release();
            }, TaskScheduler.Default);
        }
    }

    public void Dispose() => _slots.Dispose();
}

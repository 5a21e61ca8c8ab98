using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.DependencyInjection;
using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Tests;

/// <summary>
/// One name, several servers (a headless Service's pods): a dns:/// target spreads its calls
/// over every address of the name, call by call, and follows the name when its answer changes.
/// The name's answer comes from a stand-in resolver registered for the dns scheme, so the test
/// controls it; the balancing is Grpc.Net.Client's round_robin, as in a cluster.
/// </summary>
public sealed class BalancedTargetTests : IAsyncLifetime
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.3");
    private readonly List<StandInServer> _servers = [];
    private readonly CountingWorker _first = new();
    private readonly CountingWorker _second = new();
    private int _port;

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(First, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _servers.Add(await StandInServer.StartAsync(_first, First, _port));
        _servers.Add(await StandInServer.StartAsync(_second, Second, _port));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Calls_are_spread_over_every_address_of_the_name()
    {
        var names = new StandInNames([First, Second], _port);
        using var connection = Target.Parse($"w=dns:///workers.test:{_port}").Connect(names.Services);

        for (var i = 0; i < 20; i++)
        {
            await connection.Client.PrimeAsync(new PrimeRequest { Below = 3 });
        }

        // round_robin takes the addresses in turn once both are connected; the very first calls
        // may all go to whichever connected first.
        Assert.Equal(20, _first.Served + _second.Served);
        Assert.InRange(_first.Served, 5, 15);
        Assert.InRange(_second.Served, 5, 15);
    }

    [Fact]
    public async Task A_new_answer_from_the_name_is_followed()
    {
        var names = new StandInNames([First], _port);
        using var connection = Target.Parse($"w=dns:///workers.test:{_port}").Connect(names.Services);
        await connection.Client.PrimeAsync(new PrimeRequest { Below = 3 });

        names.Answer([Second]);
        await WaitUntilAsync(async () =>
        {
            await connection.Client.PrimeAsync(new PrimeRequest { Below = 3 });
            return _second.Served > 0;
        });

        var firstBefore = _first.Served;
        await connection.Client.PrimeAsync(new PrimeRequest { Below = 3 });
        Assert.Equal(firstBefore, _first.Served);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_a_counted_unavailable_never_an_aborted_run()
    {
        // The real DNS resolver, and a name that cannot exist (RFC 6761 .invalid).
        using var connection = Target.Parse("w=dns:///no-such-worker.invalid:8080").Connect();
        var sender = new CallSender(connection, "w", TimeSpan.FromSeconds(10), default);

        var outcome = await sender.SendAsync(new PlannedRequest(new WorkItem { Prime = new PrimeRequest { Below = 3 } }, 2), CancellationToken.None);

        Assert.Equal("UNAVAILABLE", outcome.Status);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    private sealed class CountingWorker : Worker.WorkerBase
    {
        private int _served;

        public int Served => Volatile.Read(ref _served);

        public override Task<WorkReply> Prime(PrimeRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref _served);
            return Task.FromResult(new WorkReply { Value = 2 });
        }
    }

    /// <summary>The dns scheme's resolver, answering what the test says; it tells the channel
    /// at once when the answer changes, as the real one does at its next refresh.</summary>
    private sealed class StandInNames : ResolverFactory
    {
        private readonly int _port;
        private IPAddress[] _answer;
        private event Action? Changed;

        public StandInNames(IPAddress[] answer, int port)
        {
            _answer = answer;
            _port = port;
            Services = new ServiceCollection().AddSingleton<ResolverFactory>(this).BuildServiceProvider();
        }

        public IServiceProvider Services { get; }

        public override string Name => "dns";

        public void Answer(IPAddress[] answer)
        {
            _answer = answer;
            Changed?.Invoke();
        }

        public override Resolver Create(ResolverOptions options) => new NamesResolver(this);

        private sealed class NamesResolver : Resolver
        {
            private readonly StandInNames _names;
            private Action<ResolverResult>? _listener;

            public NamesResolver(StandInNames names)
            {
                _names = names;
                _names.Changed += Publish;
            }

            public override void Start(Action<ResolverResult> listener)
            {
                _listener = listener;
                Publish();
            }

            protected override void Dispose(bool disposing)
            {
                _names.Changed -= Publish;
                base.Dispose(disposing);
            }

            private void Publish() =>
                _listener?.Invoke(ResolverResult.ForResult([.. _names._answer.Select(ip => new BalancerAddress(ip.ToString(), _names._port))]));
        }
    }
}

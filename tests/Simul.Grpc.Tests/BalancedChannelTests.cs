using System.Net;
using System.Net.Sockets;
using Grpc.Testing;
using Simul.Grpc.Client;
using Simul.Grpc.Server;
using Simul.Grpc.Tests.Peers;
using static Simul.Grpc.Tests.Peers.InteropMethods;

namespace Simul.Grpc.Tests;

/// <summary>One name, several servers (a headless Service's pods): calls go to each in turn.</summary>
public sealed class BalancedChannelTests : IAsyncLifetime
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.3");
    private readonly Dictionary<IPAddress, int> _served = new() { [First] = 0, [Second] = 0 };
    private readonly List<LoopbackServer> _servers = [];
    private int _port;

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(First, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        foreach (var ip in new[] { First, Second })
        {
            var app = TestApps.Create(address: ip, port: _port);
            app.MapGrpcService("grpc.testing.TestService").MapUnary("EmptyCall", Empty.Parser, (_, _) =>
            {
                lock (_served)
                {
                    _served[ip]++;
                }

                return Task.FromResult(new Empty());
            });
            _servers.Add(await LoopbackServer.StartAsync(app));
        }
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
        using var channel = new BalancedChannel(new Uri($"http://workers.test:{_port}"), resolve: (_, _) => Task.FromResult(new[] { First, Second }));

        for (var i = 0; i < 10; i++)
        {
            await channel.UnaryAsync(EmptyCall, new Empty());
        }

        Assert.Equal(5, _served[First]);
        Assert.Equal(5, _served[Second]);
    }

    [Fact]
    public async Task A_new_answer_from_the_name_is_followed()
    {
        IPAddress[] answer = [First];
        using var channel = new BalancedChannel(new Uri($"http://workers.test:{_port}"), resolve: (_, _) => Task.FromResult(answer), refreshEvery: TimeSpan.Zero);

        await channel.UnaryAsync(EmptyCall, new Empty());
        answer = [Second];
        await channel.UnaryAsync(EmptyCall, new Empty());
        await channel.UnaryAsync(EmptyCall, new Empty());

        Assert.Equal(1, _served[First]);
        Assert.Equal(2, _served[Second]);
        Assert.Equal([new Uri($"http://127.0.0.3:{_port}")], channel.Endpoints);
    }

    [Fact]
    public async Task A_name_without_addresses_is_unavailable()
    {
        using var channel = new BalancedChannel(new Uri("http://nothing.test:1"), resolve: (_, _) => Task.FromResult(Array.Empty<IPAddress>()));

        var error = await Assert.ThrowsAsync<Protocol.RpcException>(() => channel.UnaryAsync(EmptyCall, new Empty()));

        Assert.Equal(Protocol.StatusCode.Unavailable, error.StatusCode);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Simul.Orchestrator.Local;

/// <summary>
/// Loopback ports for local services to listen on. Each is picked below the kernel's ephemeral
/// range, where it hands out ports for bind(0) and for every outgoing connection: a port found
/// free there and released for a service to bind can meanwhile become some connection's local
/// port, and the service then fails "address already in use" (tests saw it, with many workers
/// and clients side by side). Below the range only another listener takes a port, and this
/// process hands each port out once, going round the range from a random start (so two
/// processes picking at once rarely meet); a port something listens on already is skipped.
/// </summary>
public static class FreePorts
{
    /// <summary>The lowest port this picks from: the registered ports above it are a lesser risk
    /// than the ephemeral ones.</summary>
    private const int Lowest = 10_000;

    /// <summary>Where the ephemeral range starts where the kernel does not say (IANA's, which
    /// macOS and Windows use).</summary>
    private const int IanaEphemeralStart = 49_152;

    private static readonly int EphemeralStart = ReadEphemeralStart();
    private static int _handedOut = Random.Shared.Next(EphemeralStart - Lowest);

    /// <summary>A loopback port nothing listens on now, not handed out before by this process
    /// (until it has gone round the whole range).</summary>
    public static int Next()
    {
        var span = EphemeralStart - Lowest;
        for (var tried = 0; tried < span; tried++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref _handedOut) % (uint)span);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {EphemeralStart}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux states its range in /proc/sys/net/ipv4/ip_local_port_range ("32768 60999").
    private static int ReadEphemeralStart()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(Range) ? File.ReadAllText(Range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return int.TryParse(first, out var start) && start > Lowest + 1_000 ? start : IanaEphemeralStart;
    }
}

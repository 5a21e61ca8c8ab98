// Calls per second on the orchestrator's load path, against a worker that does nothing, next to
// the ceiling of the transport underneath: raw Kestrel HTTP/2 (a POST with a 5-byte body and a
// trailer, what a unary gRPC call is on the wire) driven by HttpClient. Client and server share
// this process and the machine's cores, as on a laptop run.
//   dotnet run -c Release --project bench/CallRate [-- --callers 64 --seconds 3 --rounds 3]
// Each target is warmed up first; a figure is the best of the rounds (the least disturbed).
using System.Globalization;
using Simul.Bench;

var callers = Option("--callers", 64);
var seconds = Option("--seconds", 3);
var rounds = Option("--rounds", 3);

await using var servers = await BenchServers.StartAsync();
var targets = new (string Name, Func<Func<CancellationToken, Task>> Caller)[]
{
    ("raw Kestrel HTTP/2 POST + trailer (ceiling)", servers.RawCaller),
    ("Grpc.Net.Client generated client", servers.GrpcCaller),
    ("orchestrator path: CallSender (span, outcome)", servers.OrchestratorCaller),
};

Console.WriteLine($"{Environment.ProcessorCount} cores, {callers} callers, best of {rounds} rounds of {seconds} s, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
var results = new List<(string Name, LoadLoop.Result Best)>();
foreach (var (name, caller) in targets)
{
    await LoadLoop.RunAsync(caller(), callers, TimeSpan.FromSeconds(1)); // warm-up: JIT, connections
    var best = (await LoadLoop.RoundsAsync(caller(), callers, TimeSpan.FromSeconds(seconds), rounds)).MaxBy(r => r.CallsPerSecond)!;
    results.Add((name, best));
}

var ceiling = results[0].Best.CallsPerSecond;
Console.WriteLine();
Console.WriteLine("| path | calls/s | of the ceiling | p50 ms | p99 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (name, best) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {best.CallsPerSecond:N0} | {best.CallsPerSecond / ceiling:P0} | {best.P50Ms:F2} | {best.P99Ms:F2} |"));
}

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

// Memory per request in flight (issue 21, item 3): Simul's async worker beside the least a gRPC
// server on ASP.NET Core can be (BareWorker), each a fresh process under the same load from this
// one, taking turns: requests that only wait, 2 s each, in a closed loop of N callers for 14 s
// (the scale row's 4 s of warm-up and 10 s, scenarios/scale-waiting.json). Memory per request is
// (the server's peak resident set - its resident set once serving) / N, as the orchestrator's
// report reckons it from a fresh worker. The load generator shares the machine's cores.
//   dotnet build -c Release && dotnet run -c Release --no-build --project bench/InFlightMemory [-- --in-flight 10000 --rounds 3]
using System.Globalization;
using Simul.Bench;
using Simul.Orchestrator.Local;

if (args is ["--serve", var servePort])
{
    await BareWorker.ServeAsync(int.Parse(servePort, CultureInfo.InvariantCulture));
    return;
}

var inFlight = Option("--in-flight", 10_000);
var rounds = Option("--rounds", 3);
var wait = TimeSpan.FromSeconds(2);
var duration = TimeSpan.FromSeconds(14);
var servers = new (string Name, Func<string, LocalProcess> Start)[]
{
    ("bare Grpc.AspNetCore", StartBareWorker),
    ("Simul's async worker", log => LocalProcess.Start(RepoLayout.ServiceDll("worker-async", "Simul.WorkerAsync"), new Dictionary<string, string>(), log)),
};

Console.WriteLine($"{Environment.ProcessorCount} cores, {inFlight:N0} requests in flight (each waits {wait.TotalSeconds:N0} s), {duration.TotalSeconds:N0} s a run, {rounds} rounds, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
Console.WriteLine();
Console.WriteLine("| round | server | serving MiB | peak MiB | KiB per request | answered/s (of ideal) |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|");
var perRequest = servers.ToDictionary(s => s.Name, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var (name, start) in servers)
    {
        await using var server = start(Path.Combine(Path.GetTempPath(), $"in-flight-memory-{round}-{perRequest[name].Count}.log"));
        await HeldCalls.WaitUntilServingAsync(server.Address);
        var serving = ResidentKiB(server.Pid, "VmRSS");
        var answered = await HeldCalls.RunAsync(server.Address, inFlight, wait, duration);
        var peak = ResidentKiB(server.Pid, "VmHWM");
        perRequest[name].Add((double)(peak - serving) / inFlight);
        var rate = answered / duration.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {round} | {name} | {serving / 1024.0:N0} | {peak / 1024.0:N0} | {perRequest[name][^1]:N1} | {rate:N0} ({rate / (inFlight / wait.TotalSeconds) * 100:N0}%) |"));
    }
}

Console.WriteLine();
foreach (var (name, figures) in perRequest)
{
    figures.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {figures[figures.Count / 2]:N1} KiB per request in flight (median; {figures[0]:N1}-{figures[^1]:N1})"));
}

LocalProcess StartBareWorker(string log)
{
    var port = FreePorts.Next();
    return LocalProcess.StartProgram(Environment.ProcessPath!, ["--serve", port.ToString(CultureInfo.InvariantCulture)],
        new Dictionary<string, string>(), log, new Uri($"http://127.0.0.1:{port}"));
}

// The kernel's figure for the process: VmRSS now, VmHWM its peak so far (in KiB).
static long ResidentKiB(int pid, string field) =>
    File.ReadLines($"/proc/{pid}/status").Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
        .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

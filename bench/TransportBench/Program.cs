// Transport benchmark: how close Simul's gRPC server comes to what Kestrel's HTTP/2 can do.
//   dotnet run -c Release --project bench/TransportBench [-- --seconds 3 --rounds 3 --concurrency 64]
// Three targets, one client (HttpClient over h2c), same process, same run:
//   raw      Kestrel HTTP/2 POST answering 5 bytes and a trailer: the ceiling, no gRPC at all
//   simul    a no-op unary method (grpc.testing.TestService/EmptyCall) on Simul's transport
//   grpc-js  the same method on @grpc/grpc-js (needs `npm ci` in tests/interop/node)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Simul.Bench;
using Simul.Grpc.Client;

var seconds = Option("--seconds", 3);
var concurrency = Option("--concurrency", 64);
var rounds = Option("--rounds", 3);
var warmUp = TimeSpan.FromSeconds(1);
var measure = TimeSpan.FromSeconds(seconds);

var server = Simul.InteropServer.InteropApp.Build(0);
server.MapPost("/raw", async context =>
{
    // The least a gRPC-shaped exchange costs: drain the body, write 5 bytes, add one trailer.
    var body = context.Request.BodyReader;
    while (true)
    {
        var read = await body.ReadAsync();
        body.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    context.Response.ContentType = "application/grpc";
    context.Response.BodyWriter.GetSpan(5)[..5].Clear();
    context.Response.BodyWriter.Advance(5);
    context.Response.AppendTrailer("grpc-status", "0");
});
await server.StartAsync();
var address = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

using var http = new HttpMessageInvoker(GrpcChannel.CreateDefaultHandler());
var rawBody = new byte[5];
async Task RawCall()
{
    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/raw"))
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = new ByteArrayContent(rawBody),
    };
    using var response = await http.SendAsync(request, CancellationToken.None);
    await response.Content.CopyToAsync(Stream.Null);
    _ = response.TrailingHeaders;
}

var method = new GrpcMethod<Empty, Empty>("grpc.testing.TestService", "EmptyCall", Empty.Parser);
using var simul = new GrpcChannel(address);
var targets = new List<(string Name, Func<Task> Call)>
{
    ("raw Kestrel HTTP/2", RawCall),
    ("Simul transport", () => simul.UnaryAsync(method, new Empty())),
};

List<LoadResult> results;
var nodeDir = Path.Combine(AppContext.BaseDirectory, "../../../../../tests/interop/node");
if (Directory.Exists(Path.Combine(nodeDir, "node_modules")))
{
    using var node = Process.Start(new ProcessStartInfo("node", ["server.js", "--port=0"]) { WorkingDirectory = nodeDir, RedirectStandardOutput = true })!;
    var port = int.Parse((await node.StandardOutput.ReadLineAsync())!.Split(' ')[^1], CultureInfo.InvariantCulture);
    using var grpcJs = new GrpcChannel(new Uri($"http://127.0.0.1:{port}"));
    targets.Add(("grpc-js server", () => grpcJs.UnaryAsync(method, new Empty())));
    results = await MeasureAllAsync();
    node.Kill();
}
else
{
    Console.WriteLine("(grpc-js skipped: run `npm ci` in tests/interop/node)");
    results = await MeasureAllAsync();
}

await server.StopAsync();

var ceiling = results[0].CallsPerSecond;
Console.WriteLine($"{Environment.ProcessorCount} cores, {concurrency} concurrent callers, best of {rounds} rounds of {seconds} s per target");
Console.WriteLine($"{"target",-20} {"calls/s",10} {"p50 ms",8} {"p99 ms",8} {"vs raw",7}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Name,-20} {r.CallsPerSecond,10:F0} {r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.CallsPerSecond / ceiling,7:P0}"));
}

// Every target is warmed up (JIT tiering, connections) before any is measured, then the targets
// take turns for several rounds and each keeps its best round: a burst of load from elsewhere on
// the machine then cannot land on one target only.
async Task<List<LoadResult>> MeasureAllAsync()
{
    foreach (var (name, call) in targets)
    {
        await LoadLoop.RunAsync(name, call, concurrency, TimeSpan.Zero, warmUp);
    }

    var best = new Dictionary<string, LoadResult>();
    for (var round = 0; round < rounds; round++)
    {
        foreach (var (name, call) in targets)
        {
            var result = await LoadLoop.RunAsync(name, call, concurrency, TimeSpan.FromMilliseconds(200), measure);
            if (!best.TryGetValue(name, out var previous) || result.CallsPerSecond > previous.CallsPerSecond)
            {
                best[name] = result;
            }
        }
    }

    return [.. targets.Select(t => best[t.Name])];
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

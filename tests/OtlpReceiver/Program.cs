// A standalone OTLP/gRPC trace receiver (for the tracing-overhead benchmark):
//   dotnet run --project tests/OtlpReceiver -- --port=4317
// It prints how many spans it has received, every few seconds, until stopped.
using System.Globalization;
using Simul.OtlpReceiver;

var port = args.FirstOrDefault(a => a.StartsWith("--port=", StringComparison.Ordinal)) is { } arg
    ? int.Parse(arg["--port=".Length..], CultureInfo.InvariantCulture)
    : 4317;
await using var receiver = await TraceReceiver.StartAsync(port, keepSpans: false);
Console.WriteLine($"OTLP trace receiver listening on {receiver.Address}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
while (!stop.IsCancellationRequested)
{
    await Task.Delay(TimeSpan.FromSeconds(5), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    Console.WriteLine($"{receiver.Received} spans received");
}

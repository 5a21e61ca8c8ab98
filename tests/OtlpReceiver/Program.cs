// A standalone OTLP/gRPC trace receiver (for the tracing-overhead benchmark):
//   dotnet run --project tests/OtlpReceiver -- --port=4317
// It prints how many spans it has received, every few seconds, until stopped.
using System.Globalization;
using System.Runtime.InteropServices;
using Simul.OtlpReceiver;

var port = args.FirstOrDefault(a => a.StartsWith("--port=", StringComparison.Ordinal)) is { } arg
    ? int.Parse(arg["--port=".Length..], CultureInfo.InvariantCulture)
    : 4317;
await using var receiver = await TraceReceiver.StartAsync(port, keepSpans: false);
Console.WriteLine($"OTLP trace receiver listening on {receiver.Address}");
using var stop = new CancellationTokenSource();
// SIGTERM (the benchmark's kill) as well as Ctrl+C: the web host inside takes SIGTERM to stop
// itself only, and this loop would go on printing for ever.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
while (!stop.IsCancellationRequested)
{
    await Task.Delay(TimeSpan.FromSeconds(5), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    Console.WriteLine($"{receiver.Received} spans received");
}

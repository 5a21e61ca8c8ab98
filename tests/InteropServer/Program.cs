using System.Globalization;
using Simul.InteropServer;

// Usage: InteropServer --port=N   (the gRPC interop servers' flag style)
var port = 0;
foreach (var arg in args)
{
    if (arg.StartsWith("--port=", StringComparison.Ordinal))
    {
        port = int.Parse(arg["--port=".Length..], CultureInfo.InvariantCulture);
    }
}

var app = InteropApp.Build(port);
await app.StartAsync();
Console.WriteLine($"Interop server listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();

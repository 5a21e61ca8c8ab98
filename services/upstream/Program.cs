using Simul.Telemetry;
using Simul.Upstream;

// HTTP/1.1, as a web site is; started like every Simul service: dotnet run --project services/upstream [--urls ...]
// (Kestrel logs "Now listening on" at start.)
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);
var app = builder.Build();
app.MapGet("/delay/{ms}", SlowResponse.HandleAsync);
app.MapGet("/healthz", () => "ok");

// Its server span (ASP.NET Core's own) is what a worker's fetch span leads to in a trace.
using var telemetry = SimulTelemetry.Start("upstream", SimulTelemetry.FrameworkSources, []);
app.Run();

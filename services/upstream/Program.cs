using Simul.ServiceDefaults;
using Simul.Upstream;

// HTTP/1.1, as a web site is; started like every Simul service: dotnet run --project services/upstream [--urls ...]
// (Kestrel logs "Now listening on" at start.) Its server span is what a worker's fetch leads to in a trace.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);
builder.AddSimulDefaults(_ => "upstream", ServerSpans.Http);
var app = builder.Build();
app.MapGet("/delay/{ms}", SlowResponse.HandleAsync);
app.MapFaults(); // a scenario's fault stages set these: a test stack's control, not for a public port
app.MapSimulDefaults();
app.Run();

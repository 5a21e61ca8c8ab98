using Simul.Upstream;

// HTTP/1.1, as a web site is; started like every Simul service: dotnet run --project services/upstream [--urls ...]
// (Kestrel logs "Now listening on" at start.)
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);
var app = builder.Build();
app.MapGet("/delay/{ms}", SlowResponse.HandleAsync);
app.MapGet("/healthz", () => "ok");
app.Run();

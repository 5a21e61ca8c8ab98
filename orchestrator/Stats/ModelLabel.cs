namespace Simul.Orchestrator.Stats;

/// <summary>
/// A model's name with the settings that make it what it is, from its own Describe, so that two
/// runs that differ only there cannot be confused: "process (aot, 16 slots)" against
/// "process (jit, 16 slots)", "threadpool (32 threads)", "async-loop (yield 10000)": the event
/// loop yields every 10,000 CPU steps.
/// </summary>
public static class ModelLabel
{
    public static string Of(string model, IReadOnlyDictionary<string, string>? settings)
    {
        if (settings is null)
        {
            return model;
        }

        string? Get(string key) => settings.TryGetValue(key, out var value) ? value : null;
        var detail = (Get("child_build"), Get("pool_threads"), Get("event_loop")) switch
        {
            ({ } build, _, _) => $"{build}, {Get("max_children")} slots",
            (_, "dotnet default", _) => ".NET pool",
            (_, { } threads, _) => $"{threads} threads",
            (_, _, "true") when Get("blocking_waits") == "true" => "waits block the loop",
            (_, _, "true") => Get("yield_every") is "0" or null ? "never yields" : $"yield {Get("yield_every")}",
            _ => null,
        };
        var replicas = Get("replicas") is { } count ? $" x{count}" : "";
        return (detail is null ? model : $"{model} ({detail})") + replicas;
    }
}

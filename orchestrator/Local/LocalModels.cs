namespace Simul.Orchestrator.Local;

/// <summary>A worker the local stack can start: its model name, service, and settings.</summary>
public sealed record LocalModel(string Name, string Service, string Assembly, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>Every model `demo` can start, by the name it reports.</summary>
    public static IReadOnlyList<LocalModel> All { get; } =
    [
        new("process", "worker-process", "Simul.WorkerProcess", new Dictionary<string, string> { ["ChildBuild"] = "Auto" }),
        new("process-jit", "worker-process", "Simul.WorkerProcess", new Dictionary<string, string> { ["ChildBuild"] = "Jit" }),
        new("threadpool", "worker-threadpool", "Simul.WorkerThreadPool", new Dictionary<string, string> { ["PoolThreads"] = "32" }),
        new("threadpool-shared", "worker-threadpool", "Simul.WorkerThreadPool", new Dictionary<string, string> { ["ThreadPoolMode"] = "Shared" }),
        new("async", "worker-async", "Simul.WorkerAsync", new Dictionary<string, string>()),
        new("async-loop", "worker-async", "Simul.WorkerAsync", new Dictionary<string, string> { ["EventLoop"] = "true", ["YieldEvery"] = "10000" }),
        new("async-loop-blocking", "worker-async", "Simul.WorkerAsync", new Dictionary<string, string> { ["EventLoop"] = "true", ["YieldEvery"] = "10000", ["BlockingWaits"] = "true" }),
    ];

    public static LocalModel Named(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}");

    /// <summary>The same model with more settings (e.g. a small pool for a test).</summary>
    public LocalModel With(string setting, string value) =>
        this with { Settings = new Dictionary<string, string>(Settings) { [setting] = value } };
}

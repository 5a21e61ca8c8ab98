namespace Simul.WorkerThreadPool;

public enum ThreadPoolMode
{
    /// <summary>Simul's own fixed pool of <see cref="ThreadPoolSettings.PoolThreads"/> threads.</summary>
    Dedicated,

    /// <summary>The shared .NET ThreadPool with its default settings: it adds threads slowly
    /// when they all block (thread starvation), which is the lesson this mode shows.</summary>
    Shared,
}

/// <summary>Settings of the thread-pool model (configuration section <c>Simul</c>).</summary>
public sealed class ThreadPoolSettings
{
    public int PoolThreads { get; set; } = 32;

    public ThreadPoolMode ThreadPoolMode { get; set; } = ThreadPoolMode.Dedicated;
}

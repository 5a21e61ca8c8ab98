namespace Simul.WorkerProcess;

public enum ChildBuild
{
    /// <summary>The NativeAOT child where it was built, else the JIT child.</summary>
    Auto,

    /// <summary>The NativeAOT child: a native executable, starts in a few milliseconds.</summary>
    Aot,

    /// <summary>The JIT child: <c>dotnet simul-worker-child.dll</c>, starts the runtime every time.</summary>
    Jit,
}

/// <summary>Settings of the process model (configuration section <c>Simul</c>).</summary>
public sealed class ProcessSettings
{
    /// <summary>Child processes alive at once; further requests queue.</summary>
    public int MaxChildren { get; set; } = 16;

    public ChildBuild ChildBuild { get; set; } = ChildBuild.Auto;

    /// <summary>Where the child program is, if not next to the worker (child-aot/ or child-jit/).</summary>
    public string? ChildPath { get; set; }
}

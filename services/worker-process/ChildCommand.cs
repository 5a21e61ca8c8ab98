namespace Simul.WorkerProcess;

/// <summary>How to start the child program: the file to execute and its arguments.</summary>
public sealed record ChildCommand(ChildBuild Build, string ProgramPath, string FileName, IReadOnlyList<string> Arguments)
{
    private const string ProgramName = "simul-worker-child";

    /// <summary>Why no request can run now: the child program is not where it should be.</summary>
    public string? Missing => File.Exists(ProgramPath)
        ? null
        : $"the {Build.ToString().ToLowerInvariant()} child program is not at {ProgramPath}: build services/worker-process (the AOT child needs clang-14) or set Simul__ChildPath";

    /// <summary>The child to run. <paramref name="traced"/>: the worker exports traces, so the
    /// child must too; the AOT child is then the build with tracing compiled in (child-aot-traced/),
    /// otherwise the one without, which starts lighter (see the child's ChildTracing).</summary>
    public static ChildCommand Resolve(ProcessSettings settings, bool traced)
    {
        var aot = settings.ChildPath ?? Path.Combine(AppContext.BaseDirectory, traced ? "child-aot-traced" : "child-aot", ProgramName);
        var jit = settings.ChildPath ?? Path.Combine(AppContext.BaseDirectory, "child-jit", ProgramName + ".dll");
        var build = settings.ChildBuild == ChildBuild.Auto
            ? File.Exists(aot) && !aot.EndsWith(".dll", StringComparison.Ordinal) ? ChildBuild.Aot : ChildBuild.Jit
            : settings.ChildBuild;
        return build == ChildBuild.Aot
            ? new ChildCommand(build, aot, aot, [])
            : new ChildCommand(build, jit, DotnetHost(), [jit]);
    }

    /// <summary>The dotnet host this worker's runtime came with (the runtime lives in
    /// DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/), so the JIT child runs on the same one.</summary>
    private static string DotnetHost()
    {
        var host = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(host) ? host : "dotnet";
    }
}

namespace Simul.Orchestrator.Local;

/// <summary>Where the services' builds are when running from a clone of the repository.</summary>
public static class RepoLayout
{
    /// <summary>The repository root: the folder with Simul.slnx above this program.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>The build configuration this program was built with (Debug or Release).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name is { } config && (config == "Release" || config == "Debug") ? config : "Debug";

    /// <summary>The dotnet host this program runs on, so the services run on the same runtime.</summary>
    public static string DotnetHost { get; } = FindDotnetHost();

    /// <summary>The built DLL of a service, e.g. ServiceDll("worker-async", "Simul.WorkerAsync").</summary>
    public static string ServiceDll(string service, string assembly)
    {
        var root = Root ?? throw new LocalStackException("Not running from a clone of the Simul repository: start the services yourself and use `simul run`.");
        var path = Path.Combine(root, "services", service, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{service} is not built: run `dotnet build -c {Configuration}` first.", path);
    }

    private static string FindDotnetHost()
    {
        // The runtime lives in DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/.
        var host = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(host) ? host : "dotnet";
    }

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simul.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

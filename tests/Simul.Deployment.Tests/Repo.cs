using System.ComponentModel;
using System.Diagnostics;

namespace Simul.Deployment.Tests;

/// <summary>The repository the tests run in, and what kustomize makes of its k8s/ directories.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static readonly Dictionary<string, Lazy<string>> Rendered = [];

    /// <summary><c>kubectl kustomize DIR</c>, once per directory. Without kubectl this throws, so
    /// every k8s test fails with the reason instead of passing or skipping silently.</summary>
    public static string Kustomize(string directory)
    {
        Lazy<string> lazy;
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(directory, out lazy!))
            {
                lazy = new Lazy<string>(() => RunKustomize(directory));
                Rendered[directory] = lazy;
            }
        }

        return lazy.Value;
    }

    private static string RunKustomize(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", PathOf(directory)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "kubectl is not installed (or not on PATH), so the k8s/ manifests cannot be rendered and checked. " +
                "Install kubectl 1.27 or later (it includes kustomize v5): https://kubernetes.io/docs/tasks/tools/ " +
                $"({e.Message})", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl kustomize {directory} took more than 60 s");
            }

            return process.ExitCode == 0
                ? output.Result
                : throw new InvalidOperationException($"kubectl kustomize {directory} failed (exit {process.ExitCode}): {errors.Result}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simul.slnx")) && File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root (Simul.slnx and docker-compose.yml) above {AppContext.BaseDirectory}");
    }
}

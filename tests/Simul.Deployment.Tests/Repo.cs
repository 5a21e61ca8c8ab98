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

    private static string RunKustomize(string directory) =>
        Command.Run("kubectl", ["kustomize", PathOf(directory)], input: null, TimeSpan.FromSeconds(60),
            "kubectl is not installed (or not on PATH), so the k8s/ manifests cannot be rendered and checked. " +
            "Install kubectl 1.27 or later (it includes kustomize v5): https://kubernetes.io/docs/tasks/tools/");

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

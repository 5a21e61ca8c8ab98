namespace Simul.Orchestrator.Commands;

/// <summary>The `simul` command line (filled in as the commands land).</summary>
public static class Cli
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length == 0 ? 0 : 1);
}

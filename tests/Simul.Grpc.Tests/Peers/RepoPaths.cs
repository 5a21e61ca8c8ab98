namespace Simul.Grpc.Tests.Peers;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding Simul.slnx above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simul.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Simul.slnx not found above " + AppContext.BaseDirectory);
    }
}

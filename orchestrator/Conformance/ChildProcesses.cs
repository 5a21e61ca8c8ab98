using System.Globalization;

namespace Simul.Orchestrator.Conformance;

/// <summary>A process's descendants, from /proc (what the draining check must see gone after a stop).</summary>
internal static class ChildProcesses
{
    /// <summary>Every live process below <paramref name="pid"/>: children, and theirs (a fork server's children).</summary>
    public static IReadOnlyList<int> Of(int pid)
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, CultureInfo.InvariantCulture, out _))
            .Select(name => (Pid: int.Parse(name!, CultureInfo.InvariantCulture), Parent: ParentOf(name!)))
            .Where(p => p.Parent is not null)
            .ToList();
        var below = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var next))
        {
            foreach (var child in parents.Where(p => p.Parent == next).Select(p => p.Pid))
            {
                below.Add(child);
                frontier.Enqueue(child);
            }
        }

        return below;
    }

    public static bool IsAlive(int pid) => ParentOf(pid.ToString(CultureInfo.InvariantCulture)) is not null;

    private static int? ParentOf(string pid)
    {
        try
        {
            // pid (comm) state ppid ...: comm may contain spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

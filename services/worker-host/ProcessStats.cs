using System.Globalization;

namespace Simul.WorkerHost;

/// <summary>This process's OS thread count and resident memory, read from /proc (cheap enough
/// to sample every few milliseconds), with a portable fallback elsewhere.</summary>
public static class ProcessStats
{
    /// <summary>Resident memory of another process, 0 if it is gone (or not on Linux).</summary>
    public static long RssOf(int pid)
    {
        try
        {
            // statm: size resident shared ... in pages.
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public static (int Threads, long RssBytes) Read()
    {
        if (OperatingSystem.IsLinux())
        {
            int threads = 0;
            long rssKb = 0;
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rssKb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }

            return (threads, rssKb * 1024);
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (self.Threads.Count, self.WorkingSet64);
    }
}

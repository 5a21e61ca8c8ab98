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

    /// <summary>Proportional memory of another process (shared pages divided among the processes
    /// sharing them, so a sum over processes counts each page once), 0 if it is gone.</summary>
    public static long PssOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }

            return 0;
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

    /// <summary>CPU seconds this process has used, with those of the children it has reaped
    /// (Linux /proc/self/stat utime + stime + cutime + cstime), else its own total.</summary>
    public static double CpuSeconds()
    {
        if (OperatingSystem.IsLinux())
        {
            // pid (comm) state ppid ...: comm may contain spaces, so count fields after the last ')'.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After ')': state is field 3 of the file, so utime (14), stime, cutime, cstime are 11-14 here.
            var ticks = fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            return ticks / (double)ClockTicksPerSecond;
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    // USER_HZ: 100 on every Linux the runtime supports.
    private const int ClockTicksPerSecond = 100;

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

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Simul.Orchestrator.Local;

/// <summary>One service started as a local process, its output going to a log file. Stopping
/// sends SIGTERM (a graceful stop: in-flight requests finish) and kills it if that takes too long.</summary>
public sealed partial class LocalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _logging;
    private bool _stopped;

    private LocalProcess(Process process, Task logging, Uri address, string logFile)
    {
        _process = process;
        _logging = logging;
        Address = address;
        LogFile = logFile;
    }

    public Uri Address { get; }

    /// <summary>Where its output goes.</summary>
    public string LogFile { get; }

    public int Pid => _process.Id;

    /// <summary>True once it has exited, also after it was stopped and disposed.</summary>
    public bool HasExited => _stopped || _process.HasExited;

    /// <summary>A Simul service (its DLL, on this runtime's dotnet host) on a free loopback port.</summary>
    public static LocalProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var quiet = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Simul"] = "Information",
        };
        foreach (var (name, value) in environment)
        {
            quiet[name] = value;
        }

        return StartProgram(RepoLayout.DotnetHost, [dll, "--urls", address.ToString()], quiet, logFile, address);
    }

    /// <summary>A worker as its service's description starts it, on a free loopback port.</summary>
    public static LocalProcess StartWorker(LocalModel model, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var (fileName, arguments, described) = model.Service.Resolve(address);
        foreach (var (name, value) in environment)
        {
            described[name] = value;
        }

        return StartProgram(fileName, arguments, described, logFile, address);
    }

    /// <summary>Any program, serving at <paramref name="address"/> (which its arguments or
    /// environment must tell it).</summary>
    public static LocalProcess StartProgram(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile, Uri address)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new LocalStackException($"could not start {fileName}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true }; // a restarted worker goes on in its log
        var logging = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new LocalProcess(process, logging, address, logFile);
    }

    /// <summary>Stops it (SIGTERM, a kill after 10 s); stopping a stopped process does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await _logging;
        _stopped = true;
        _process.Dispose();
    }

    private static async Task Pump(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}

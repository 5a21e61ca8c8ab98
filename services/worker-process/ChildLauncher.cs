using System.Diagnostics;
using Google.Protobuf;
using Simul.Contracts.V1;
using Microsoft.Extensions.Logging;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerProcess;

/// <summary>What a child answered, and its exit: the child may still be flushing its telemetry
/// after it answered, so the request need not wait for that, but its slot does.</summary>
public sealed record ChildRun(long Value, Task Exited);

/// <summary>
/// Runs one request in a fresh child process: start it, hand it the request on stdin (and the
/// trace context in TRACEPARENT), read its reply from stdout, and wait for its exit, which reaps
/// it. Cancellation or the deadline kills the child, which is reaped all the same.
/// </summary>
public sealed partial class ChildLauncher(ChildCommand command, Uri upstream, ILogger logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _alivePids = new();
    private int _alive;
    private long _spawned;
    private (long Rss, long Pss) _memory;
    private long _memoryReadAt;

    public int Alive => Volatile.Read(ref _alive);

    /// <summary>Resident and proportional memory of every live child, read from /proc at most
    /// twice a second: Describe comes every 100 ms, and reading every child's smaps_rollup each
    /// time would cost the measured window CPU that grows with the children.</summary>
    public (long Rss, long Pss) AliveMemory()
    {
        lock (_alivePids)
        {
            if (Stopwatch.GetElapsedTime(_memoryReadAt) >= TimeSpan.FromMilliseconds(500))
            {
                var pids = _alivePids.Keys.ToList();
                _memory = (pids.Sum(Simul.WorkerHost.ProcessStats.RssOf), pids.Sum(Simul.WorkerHost.ProcessStats.PssOf));
                _memoryReadAt = Stopwatch.GetTimestamp();
            }

            return _memory;
        }
    }

    public long Spawned => Interlocked.Read(ref _spawned);

    public async Task<ChildRun> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SIMUL_UPSTREAM"] = upstream.ToString();
        start.Environment["SIMUL_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["OTEL_SERVICE_NAME"] = (Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? "worker-process") + "-child";
        if (Activity.Current is { } span)
        {
            start.Environment["TRACEPARENT"] = span.Id;
            start.Environment["TRACESTATE"] = span.TraceStateString ?? "";
        }

        var spawnStarted = Stopwatch.GetTimestamp();
        var spawnStartedUnixUs = UnixClock.NowMicroseconds();
        if (command.Missing is { } missing)
        {
            throw new WorkloadException(WorkloadError.Unavailable, missing);
        }

        var child = Process.Start(start) ?? throw new WorkloadException(WorkloadError.Internal, "could not start the child process");
        Interlocked.Increment(ref _alive);
        Interlocked.Increment(ref _spawned);
        var pid = child.Id;
        _alivePids[pid] = true;
        // Process.Dispose leaves the redirected streams to the finalizer: each is closed here
        // once it is done with (the child is disposed by then, so they are kept apart from it).
        var input = child.StandardInput;
        var output = child.StandardOutput;
        var errors = child.StandardError.ReadToEndAsync(CancellationToken.None);
        var exited = ReapAsync(child, child.StandardError, errors);
        try
        {
            using var kill = cancellationToken.Register(() => Kill(child));
            SendRequest(input, item);

            // The reply is length-prefixed: it is complete once that many bytes are in, so the
            // request does not wait for the child's exit (its telemetry flush comes after).
            var reply = await ReadReplyAsync(output.BaseStream);
            cancellationToken.ThrowIfCancellationRequested();
            if (reply is null)
            {
                var exitCode = await exited;
                var detail = await errors;
                // What the child wrote (an exception, say) goes to the worker's log, not to the caller.
                LogChildFailed(logger, pid, exitCode, detail.Length > 2000 ? detail[^2000..] : detail);
                throw new WorkloadException(WorkloadError.Internal, $"the child process {pid} exited with code {exitCode} without a reply");
            }

            timing.EndSpawn(spawnStarted, reply.StartedUnixUs - spawnStartedUnixUs);
            if (reply.OutcomeCase == ChildReply.OutcomeOneofCase.Error)
            {
                throw new WorkloadException((WorkloadError)reply.Error.Code, reply.Error.Message);
            }

            timing.AddChildPhases(reply.Reply.Timing, reply.StartedUnixUs);
            timing.ThreadId = reply.Reply.ThreadId;
            timing.ProcessId = reply.Reply.Pid;
            return new ChildRun(reply.Reply.Value, exited);
        }
        catch
        {
            // Killed or failed: ended (it may not have ended on its own: a garbled reply) and
            // reaped before the call ends, so its slot is really free.
            Kill(child);
            await exited;
            throw;
        }
        finally
        {
            input.Dispose();
            output.Dispose();
        }
    }

    /// <summary>Waits for the exit (which reaps the child, killed or not) and for the end of its
    /// error output, then forgets it; the exit code is the task's result.</summary>
    private async Task<int> ReapAsync(Process child, StreamReader error, Task<string> errorRead)
    {
        try
        {
            await child.WaitForExitAsync(CancellationToken.None);
            await errorRead;
            return child.ExitCode;
        }
        finally
        {
            _alivePids.TryRemove(child.Id, out _);
            Interlocked.Decrement(ref _alive);
            error.Dispose();
            child.Dispose();
        }
    }

    private static void SendRequest(StreamWriter input, WorkItem item)
    {
        try
        {
            item.WriteDelimitedTo(input.BaseStream);
            input.Close();
        }
        catch (IOException)
        {
            // The child died before reading (killed, or failed to start): its exit code says why.
        }
    }

    /// <summary>One length-delimited ChildReply (a varint length, then the message), or null
    /// if the child's output ends first.</summary>
    private static async Task<ChildReply?> ReadReplyAsync(Stream output)
    {
        var length = 0;
        var one = new byte[1];
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28 || await output.ReadAsync(one) == 0)
            {
                return null;
            }

            length |= (one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                break;
            }
        }

        var message = new byte[length];
        return await output.ReadAtLeastAsync(message, length, throwOnEndOfStream: false) == length
            ? ChildReply.Parser.ParseFrom(message)
            : null;
    }

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "child process {Pid} exited with code {ExitCode} without a reply; it wrote: {Output}")]
    private static partial void LogChildFailed(ILogger logger, int pid, int exitCode, string output);
}

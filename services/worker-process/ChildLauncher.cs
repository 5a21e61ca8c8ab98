using System.Diagnostics;
using Google.Protobuf;
using Simul.Contracts.V1;
using Simul.Grpc.Protocol;
using Simul.Workloads.Accounting;

namespace Simul.WorkerProcess;

/// <summary>
/// Runs one request in a fresh child process: start it, hand it the request on stdin (and the
/// trace context in TRACEPARENT), read its reply from stdout, and wait for it to exit, which
/// reaps it. Cancellation or the deadline kills the child, which is reaped all the same.
/// </summary>
public sealed class ChildLauncher(ChildCommand command, Uri upstream)
{
    private int _alive;
    private long _spawned;

    public int Alive => Volatile.Read(ref _alive);

    public long Spawned => Interlocked.Read(ref _spawned);

    public async Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
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
        if (Activity.Current is { } span)
        {
            start.Environment["TRACEPARENT"] = span.Id;
            start.Environment["TRACESTATE"] = span.TraceStateString ?? "";
        }

        var spawnStarted = Stopwatch.GetTimestamp();
        var spawnStartedUnixUs = UnixClock.NowMicroseconds();
        using var child = Process.Start(start) ?? throw new RpcException(StatusCode.Internal, "could not start the child process");
        Interlocked.Increment(ref _alive);
        Interlocked.Increment(ref _spawned);
        try
        {
            using var kill = cancellationToken.Register(() => Kill(child));
            var output = ReadAllAsync(child.StandardOutput.BaseStream);
            var errors = child.StandardError.ReadToEndAsync(CancellationToken.None);
            SendRequest(child, item);

            // Waiting for the exit is what reaps the child, killed or not.
            await child.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            var reply = ParseReply(await output, child.ExitCode, await errors);

            timing.EndSpawn(spawnStarted, reply.StartedUnixUs - spawnStartedUnixUs);
            if (reply.OutcomeCase == ChildReply.OutcomeOneofCase.Error)
            {
                throw new RpcException((StatusCode)reply.Error.Code, reply.Error.Message);
            }

            timing.AddChildPhases(reply.Reply.Timing);
            timing.ThreadId = reply.Reply.ThreadId;
            timing.ProcessId = reply.Reply.Pid;
            return reply.Reply.Value;
        }
        finally
        {
            Interlocked.Decrement(ref _alive);
        }
    }

    private static void SendRequest(Process child, WorkItem item)
    {
        try
        {
            item.WriteDelimitedTo(child.StandardInput.BaseStream);
            child.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child died before reading (killed, or failed to start): its exit code says why.
        }
    }

    private static ChildReply ParseReply(byte[] output, int exitCode, string errors)
    {
        if (exitCode != 0 || output.Length == 0)
        {
            var detail = errors.Length > 500 ? errors[^500..] : errors;
            throw new RpcException(StatusCode.Internal, $"the child process exited with code {exitCode} without a reply: {detail.Trim()}");
        }

        return ChildReply.Parser.ParseDelimitedFrom(new MemoryStream(output));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
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
}

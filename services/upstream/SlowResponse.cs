using System.Globalization;
using Microsoft.AspNetCore.Http;
using Simul.Contracts.Faults;

namespace Simul.Upstream;

/// <summary>
/// <c>GET /delay/{ms}?bytes=N</c>: wait <c>ms</c> milliseconds, then answer <c>N</c> bytes.
/// The wait is an awaited delay, so tens of thousands of requests can wait at once on a few
/// threads: upstream is never the bottleneck of a comparison. The fault in force
/// (<see cref="FaultEndpoints"/>) may stretch the wait, fail the request, hang it or reset it.
/// </summary>
public static class SlowResponse
{
    public const int MaxDelayMs = FaultProfile.MaxDelayMs;
    public const int MaxBytes = 8 * 1024 * 1024;
    private static readonly byte[] Chunk = CreateChunk();

    public static async Task<IResult> HandleAsync(string ms, string? bytes, HttpContext context, CancellationToken cancellationToken)
    {
        if (!int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var delayMs) || delayMs > MaxDelayMs)
        {
            return Results.BadRequest($"delay must be a whole number of milliseconds from 0 to {MaxDelayMs}, got '{ms}'");
        }

        var size = 0;
        if (bytes is not null && (!int.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size > MaxBytes))
        {
            return Results.BadRequest($"bytes must be a whole number from 0 to {MaxBytes}, got '{bytes}'");
        }

        var fault = FaultEndpoints.Current;
        switch (fault.Draw(Random.Shared.NextDouble()))
        {
            case FaultOutcome.Error:
                return Results.Text($"upstream fault: {fault.ErrorStatus} injected", statusCode: fault.ErrorStatus);
            case FaultOutcome.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken); // until the caller gives up
                return Results.Empty;
            case FaultOutcome.Reset:
                context.Abort();
                return Results.Empty;
        }

        await Task.Delay(fault.DelayOf(delayMs), cancellationToken);
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = size;
        for (var sent = 0; sent < size; sent += Chunk.Length)
        {
            await response.Body.WriteAsync(Chunk.AsMemory(0, Math.Min(Chunk.Length, size - sent)), cancellationToken);
        }

        return Results.Empty;
    }

    private static byte[] CreateChunk()
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'.');
        return chunk;
    }
}

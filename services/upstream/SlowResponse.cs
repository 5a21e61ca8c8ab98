using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Simul.Upstream;

/// <summary>
/// <c>GET /delay/{ms}?bytes=N</c>: wait <c>ms</c> milliseconds, then answer <c>N</c> bytes.
/// The wait is an awaited delay, so tens of thousands of requests can wait at once on a few
/// threads: upstream is never the bottleneck of a comparison.
/// </summary>
public static class SlowResponse
{
    public const int MaxDelayMs = 60_000;
    public const int MaxBytes = 8 * 1024 * 1024;
    private static readonly byte[] Chunk = CreateChunk();

    public static async Task<IResult> HandleAsync(string ms, string? bytes, HttpResponse response, CancellationToken cancellationToken)
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

        await Task.Delay(delayMs, cancellationToken);
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

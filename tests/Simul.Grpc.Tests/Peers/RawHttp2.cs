using System.Net;
using System.Net.Http.Headers;

namespace Simul.Grpc.Tests.Peers;

/// <summary>What came back from a hand-made HTTP/2 request: status, headers, body and trailers.</summary>
public sealed record RawResponse(HttpStatusCode Status, Dictionary<string, string> Headers, byte[] Body, Dictionary<string, string> Trailers)
{
    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");
}

/// <summary>Sends arbitrary bytes as an HTTP/2 request, to see how a server copes with bad input.</summary>
public static class RawHttp2
{
    private static readonly HttpClient Client = new();

    public static async Task<RawResponse> PostAsync(Uri server, string path, byte[] body,
        string contentType = "application/grpc", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await SendAsync(request);
    }

    public static async Task<RawResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawResponse(response.StatusCode, Flatten(response.Headers), bytes, Flatten(response.TrailingHeaders));
    }

    private static Dictionary<string, string> Flatten(HttpHeaders headers) =>
        headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>A frame with an explicit flag and announced length, whatever the real payload.</summary>
    public static byte[] Frame(byte flag, uint announcedLength, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), announcedLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Frame(byte[] payload) => Frame(0, (uint)payload.Length, payload);
}

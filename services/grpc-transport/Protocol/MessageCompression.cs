using System.Buffers;
using System.IO.Compression;

namespace Simul.Grpc.Protocol;

/// <summary>
/// Message encodings this transport reads: identity and gzip. Replies are always sent as identity,
/// which every peer accepts.
/// </summary>
public static class MessageCompression
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";

    /// <summary>The value for <c>grpc-accept-encoding</c>.</summary>
    public const string Supported = "identity,gzip";

    public static bool IsSupported(string encoding) => encoding is Identity or Gzip;

    /// <summary>
    /// The payload of a frame, decompressed when its flag says so. A compressed frame needs a
    /// compressing encoding; the decompressed size is held to the same limit as the frame.
    /// </summary>
    public static ReadOnlySequence<byte> Payload(in Frame frame, string encoding, int maxMessageSize)
    {
        if (!frame.Compressed)
        {
            return frame.Payload;
        }

        if (encoding != Gzip)
        {
            throw new RpcException(StatusCode.Internal,
                "Compressed flag set but the message encoding is identity.");
        }

        using var input = new GZipStream(new MemoryStream(frame.Payload.ToArray()), CompressionMode.Decompress);
        var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = input.Read(chunk)) > 0)
        {
            if (output.Length + read > maxMessageSize)
            {
                throw new RpcException(StatusCode.ResourceExhausted,
                    $"Decompressed message exceeds the maximum message size of {maxMessageSize} bytes.");
            }

            output.Write(chunk, 0, read);
        }

        return new ReadOnlySequence<byte>(output.GetBuffer(), 0, (int)output.Length);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Client;

/// <summary>
/// Turns an HTTP/2 response into a reply or an <see cref="RpcException"/>: HTTP status first,
/// then a trailers-only status, else one message read to the end of the body, then the trailers.
/// A response without <c>grpc-status</c> is never taken as OK.
/// </summary>
internal static class UnaryResponseReader
{
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, MessageParser<T> parser, int maxMessageSize, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RpcException(HttpStatusMapping.FromHttpStatus(response.StatusCode),
                string.Create(CultureInfo.InvariantCulture, $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}."));
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcHeaders.IsGrpcContentType(contentType))
        {
            throw new RpcException(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: '{contentType}'.");
        }

        if (ReadStatus(response.Headers) is { } trailersOnly)
        {
            throw trailersOnly.StatusCode == StatusCode.OK
                ? new RpcException(StatusCode.Internal, "The server sent OK without a reply message.")
                : trailersOnly;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var payload = await ReadSingleFrameAsync(stream, maxMessageSize, response.Headers, cancellationToken);
        var status = ReadStatus(response.TrailingHeaders)
            ?? throw new RpcException(StatusCode.Internal, "No grpc-status found on the response.");
        if (status.StatusCode != StatusCode.OK)
        {
            throw status;
        }

        if (payload is null)
        {
            throw new RpcException(StatusCode.Internal, "The server sent OK without a reply message.");
        }

        try
        {
            return parser.ParseFrom(payload.Value);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(StatusCode.Internal, $"Failed to deserialize the response message: {e.Message}");
        }
    }

    /// <summary>The status a header block carries, as an exception (also for OK), or null if none.</summary>
    private static RpcException? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcHeaders.Status, out var values))
        {
            return null;
        }

        var code = int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (StatusCode)number
            : StatusCode.Unknown;
        var message = headers.TryGetValues(GrpcHeaders.Message, out var messages)
            ? StatusMessageEncoding.Decode(messages.First())
            : "";
        return new RpcException(code, message);
    }

    private static async Task<ReadOnlySequence<byte>?> ReadSingleFrameAsync(Stream body, int maxMessageSize, HttpHeaders headers, CancellationToken cancellationToken)
    {
        var header = new byte[MessageFraming.HeaderSize];
        var read = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete reply: the body ended inside a message prefix.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size of {maxMessageSize} bytes.");
        }

        var frame = new byte[MessageFraming.HeaderSize + length];
        header.CopyTo(frame, 0);
        if (await body.ReadAtLeastAsync(frame.AsMemory(MessageFraming.HeaderSize), (int)length, throwOnEndOfStream: false, cancellationToken) < length)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete reply: the body ended inside a message.");
        }

        // Reading to the end is what makes the trailers available.
        if (await body.ReadAsync(new byte[1], cancellationToken) != 0)
        {
            throw new RpcException(StatusCode.Internal, "More than one reply message for a unary call.");
        }

        var status = MessageFraming.TryReadFrame(new ReadOnlySequence<byte>(frame), maxMessageSize, out var parsed);
        if (status == FrameReadStatus.BadFlag)
        {
            throw new RpcException(StatusCode.Internal, "Invalid compressed flag in the reply's message prefix.");
        }

        var encoding = headers.TryGetValues(GrpcHeaders.Encoding, out var encodings) ? encodings.First() : MessageCompression.Identity;
        return MessageCompression.Payload(parsed, encoding, maxMessageSize);
    }
}

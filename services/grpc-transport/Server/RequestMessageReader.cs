using System.IO.Pipelines;
using Google.Protobuf;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Server;

/// <summary>Reads the one request message of a unary call from the request body.</summary>
internal static class RequestMessageReader
{
    public static async ValueTask<T> ReadSingleAsync<T>(
        PipeReader body, MessageParser<T> parser, string encoding, int maxMessageSize, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        T? message = default;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (message is null)
            {
                var status = MessageFraming.TryReadFrame(buffer, maxMessageSize, out var frame);
                switch (status)
                {
                    case FrameReadStatus.TooLarge:
                        throw new RpcException(StatusCode.ResourceExhausted,
                            $"Received message exceeds the maximum configured message size of {maxMessageSize} bytes.");
                    case FrameReadStatus.BadFlag:
                        throw new RpcException(StatusCode.Internal, "Invalid compressed flag in the message prefix.");
                    case FrameReadStatus.Complete:
                        message = Parse(parser, MessageCompression.Payload(frame, encoding, maxMessageSize));
                        buffer = buffer.Slice(frame.End);
                        break;
                }
            }

            if (message is not null && !buffer.IsEmpty)
            {
                throw new RpcException(StatusCode.Internal, "Additional data after the request message: a unary call takes exactly one.");
            }

            if (result.IsCompleted)
            {
                body.AdvanceTo(buffer.End);
                return message ?? throw new RpcException(StatusCode.Internal,
                    buffer.IsEmpty ? "No request message received." : "Incomplete request message: the body ended inside a frame.");
            }

            // Nothing consumed until a whole frame is here; after it, everything is consumed.
            body.AdvanceTo(message is null ? buffer.Start : buffer.End, buffer.End);
        }
    }

    private static T Parse<T>(MessageParser<T> parser, System.Buffers.ReadOnlySequence<byte> payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(StatusCode.Internal, $"Failed to deserialize the request message: {e.Message}");
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Simul.Grpc.Protocol;

/// <summary>What <see cref="MessageFraming.TryReadFrame"/> found at the start of a buffer.</summary>
public enum FrameReadStatus
{
    /// <summary>Not a whole frame yet: read more.</summary>
    Incomplete,
    Complete,
    /// <summary>The length prefix announces more than the configured limit.</summary>
    TooLarge,
    /// <summary>The flag byte is neither 0 (plain) nor 1 (compressed).</summary>
    BadFlag,
}

/// <summary>One length-prefixed message: its payload and where the frame ends in the buffer.</summary>
public readonly record struct Frame(bool Compressed, ReadOnlySequence<byte> Payload, SequencePosition End);

/// <summary>
/// gRPC's length-prefixed message framing: one flag byte (1 = compressed), a 4-byte big-endian
/// length, then the message. Frames may be split across any number of HTTP/2 DATA frames, so
/// reading works on a <see cref="ReadOnlySequence{T}"/> that may span several segments.
/// </summary>
public static class MessageFraming
{
    public const int HeaderSize = 5;

    public static FrameReadStatus TryReadFrame(in ReadOnlySequence<byte> buffer, int maxMessageSize, out Frame frame)
    {
        frame = default;
        if (buffer.Length < HeaderSize)
        {
            return FrameReadStatus.Incomplete;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        if (header[0] > 1)
        {
            return FrameReadStatus.BadFlag;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            return FrameReadStatus.TooLarge;
        }

        if (buffer.Length - HeaderSize < length)
        {
            return FrameReadStatus.Incomplete;
        }

        var payload = buffer.Slice(HeaderSize, length);
        frame = new Frame(header[0] == 1, payload, payload.End);
        return FrameReadStatus.Complete;
    }

    /// <summary>Writes one uncompressed frame holding <paramref name="message"/>.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(HeaderSize + size);
        WriteHeader(span, compressed: false, size);
        message.WriteTo(span.Slice(HeaderSize, size));
        writer.Advance(HeaderSize + size);
    }

    /// <summary>The whole frame for <paramref name="message"/> as one array (client requests).</summary>
    public static byte[] ToFrame(IMessage message)
    {
        var size = message.CalculateSize();
        var bytes = new byte[HeaderSize + size];
        WriteHeader(bytes, compressed: false, size);
        message.WriteTo(bytes.AsSpan(HeaderSize));
        return bytes;
    }

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}

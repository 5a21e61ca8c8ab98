using System.Buffers;
using Simul.Grpc.Protocol;

namespace Simul.Grpc.Tests;

public class FramingTests
{
    private const int Limit = 16;

    [Fact]
    public void A_whole_frame_in_one_segment_is_read()
    {
        var status = MessageFraming.TryReadFrame(Sequence([0, 0, 0, 0, 3, 7, 8, 9]), Limit, out var frame);

        Assert.Equal(FrameReadStatus.Complete, status);
        Assert.False(frame.Compressed);
        Assert.Equal(new byte[] { 7, 8, 9 }, frame.Payload.ToArray());
    }

    [Fact]
    public void A_frame_split_across_segments_at_every_byte_is_read()
    {
        byte[] bytes = [0, 0, 0, 0, 4, 1, 2, 3, 4];
        var status = MessageFraming.TryReadFrame(Sequence(bytes.Select(b => new[] { b }).ToArray()), Limit, out var frame);

        Assert.Equal(FrameReadStatus.Complete, status);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, frame.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 9 })]
    public void A_partial_prefix_or_body_asks_for_more(byte[] bytes)
    {
        Assert.Equal(FrameReadStatus.Incomplete, MessageFraming.TryReadFrame(Sequence(bytes), Limit, out _));
    }

    [Fact]
    public void A_zero_length_message_is_a_complete_frame()
    {
        var status = MessageFraming.TryReadFrame(Sequence([0, 0, 0, 0, 0]), Limit, out var frame);

        Assert.Equal(FrameReadStatus.Complete, status);
        Assert.True(frame.Payload.IsEmpty);
    }

    [Fact]
    public void A_length_at_the_limit_is_accepted_and_one_over_is_too_large()
    {
        var atLimit = new byte[5 + Limit];
        atLimit[4] = Limit;
        var overLimit = new byte[] { 0, 0, 0, 0, Limit + 1 };

        Assert.Equal(FrameReadStatus.Complete, MessageFraming.TryReadFrame(Sequence(atLimit), Limit, out _));
        Assert.Equal(FrameReadStatus.TooLarge, MessageFraming.TryReadFrame(Sequence(overLimit), Limit, out _));
    }

    [Fact]
    public void A_length_beyond_int_range_is_too_large_not_negative()
    {
        Assert.Equal(FrameReadStatus.TooLarge,
            MessageFraming.TryReadFrame(Sequence([0, 0xFF, 0xFF, 0xFF, 0xFF]), int.MaxValue, out _));
    }

    [Fact]
    public void The_compressed_flag_is_reported_and_other_flags_are_rejected()
    {
        Assert.Equal(FrameReadStatus.Complete, MessageFraming.TryReadFrame(Sequence([1, 0, 0, 0, 0]), Limit, out var frame));
        Assert.True(frame.Compressed);
        Assert.Equal(FrameReadStatus.BadFlag, MessageFraming.TryReadFrame(Sequence([2, 0, 0, 0, 0]), Limit, out _));
    }

    [Fact]
    public void The_frame_end_points_past_the_message_so_a_second_message_is_visible()
    {
        var buffer = Sequence([0, 0, 0, 0, 1, 42, 0, 0, 0, 0, 0]);
        MessageFraming.TryReadFrame(buffer, Limit, out var frame);

        Assert.Equal(5, buffer.Slice(frame.End).Length);
    }

    [Fact]
    public void Writing_puts_a_big_endian_length_before_the_message()
    {
        var message = new Google.Protobuf.WellKnownTypes.StringValue { Value = new string('x', 300) };
        var bytes = MessageFraming.ToFrame(message);

        Assert.Equal(new byte[] { 0, 0, 0, 0x01, 0x2F }, bytes[..5]); // 303 = 2 tag/length bytes + 1 more length byte + 300
        Assert.Equal(message, Google.Protobuf.WellKnownTypes.StringValue.Parser.ParseFrom(bytes.AsSpan(5)));
    }

    /// <summary>A sequence whose segments are exactly the given arrays.</summary>
    private static ReadOnlySequence<byte> Sequence(params byte[][] segments)
    {
        if (segments.Length == 1)
        {
            return new ReadOnlySequence<byte>(segments[0]);
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        foreach (var bytes in segments.Skip(1))
        {
            last = last.Append(bytes);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static ReadOnlySequence<byte> Sequence(byte[] bytes) => new(bytes);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Simul.OtlpReceiver.Otlp;

namespace Simul.OtlpReceiver;

/// <summary>
/// TraceService/Export for the tracing-overhead benchmark, which only counts spans: it reads an
/// export's wire format down to its spans and counts them without decoding one. The receiver
/// shares the two cores with what the benchmark measures, and decoding every span (its ids,
/// attributes and strings, and the garbage of them) was most of its cost: 6.6 of 8.3 us a traced
/// no-op request (docs/results/tracing-profile-2026-12-02m). Google.Protobuf decodes a whole
/// message or none, and its CodedInputStream reads a nested message only as a copy (an export's
/// first level is nearly all of it: copies of that size cost more than the decoding saved), so
/// the few lines that walk the wire format in place are written here. Not sealed, its Export
/// virtual: Grpc.AspNetCore binds only a virtual method declared on the type the
/// BindServiceMethod attribute names, as on a generated service base.
/// </summary>
[BindServiceMethod(typeof(SpanCountingService), nameof(BindService))]
public class SpanCountingService(TraceReceiver receiver)
{
    private static readonly Method<SpanCount, ExportTraceServiceResponse> ExportMethod = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        Marshallers.Create<SpanCount>((_, _) => throw new NotSupportedException("the receiver only receives exports"), Count),
        Marshallers.Create(response => response.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    /// <summary>Called by Grpc.AspNetCore, which then calls <see cref="Export"/> on the
    /// service it resolves, with the span count the request marshaller read.</summary>
    public static void BindService(ServiceBinderBase binder, SpanCountingService? service) =>
        binder.AddMethod(ExportMethod, service is null ? null : service.Export);

    public virtual Task<ExportTraceServiceResponse> Export(SpanCount request, ServerCallContext context)
    {
        receiver.Count(request.Spans);
        return Task.FromResult(new ExportTraceServiceResponse());
    }

    private static SpanCount Count(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        if (payload.IsSingleSegment)
        {
            return new(Count(payload.FirstSpan, Level.Request));
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        try
        {
            payload.CopyTo(copy);
            return new(Count(copy.AsSpan(0, (int)payload.Length), Level.Request));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>The levels down to a span: ExportTraceServiceRequest.resource_spans,
    /// ResourceSpans.scope_spans, ScopeSpans.spans.</summary>
    private enum Level { Request, Resource, Scope }

    /// <summary>Counts the spans in <paramref name="message"/>, a message of
    /// <paramref name="level"/>, reading its fields in place (a nested message is a slice of its
    /// parent's bytes, which CodedInputStream can only read as a copy).</summary>
    private static long Count(ReadOnlySpan<byte> message, Level level)
    {
        var inner = level switch
        {
            Level.Request => ExportTraceServiceRequest.ResourceSpansFieldNumber,
            Level.Resource => ResourceSpans.ScopeSpansFieldNumber,
            _ => ScopeSpans.SpansFieldNumber,
        };
        long spans = 0;
        while (!message.IsEmpty)
        {
            var tag = ReadVarint(ref message);
            var field = (int)(tag >> 3);
            switch ((WireFormat.WireType)(tag & 7))
            {
                case WireFormat.WireType.Varint:
                    ReadVarint(ref message);
                    break;
                case WireFormat.WireType.Fixed64:
                    message = message[8..];
                    break;
                case WireFormat.WireType.Fixed32:
                    message = message[4..];
                    break;
                case WireFormat.WireType.LengthDelimited:
                    var length = (int)ReadVarint(ref message);
                    if (field == inner)
                    {
                        spans += level == Level.Scope ? 1 : Count(message[..length], level + 1);
                    }

                    message = message[length..];
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} of field {field} is not one OTLP uses");
            }
        }

        return spans;
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = bytes[0];
            bytes = bytes[1..];
            value |= (ulong)(next & 0x7f) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a varint longer than 64 bits");
    }
}

/// <summary>An export, as far as the counting receiver reads it.</summary>
public sealed record SpanCount(long Spans);

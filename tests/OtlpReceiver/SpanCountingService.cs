using Google.Protobuf;
using Grpc.Core;
using Simul.OtlpReceiver.Otlp;

namespace Simul.OtlpReceiver;

/// <summary>
/// TraceService/Export for a receiver that only counts (the tracing-overhead benchmark): each
/// export's bytes are walked for the spans' fields with protobuf's own reader, and no span is
/// built. Parsing is a collector's cost, and on one machine it would be charged to the traced
/// processes it shares the cores with. Bound by hand (grpc-dotnet's code-first binding) because
/// the generated service parses the whole request before the method sees it.
/// </summary>
[BindServiceMethod(typeof(SpanCountingService), nameof(BindService))]
public class SpanCountingService
{
    private static readonly Method<SpanCount, ExportTraceServiceResponse> ExportMethod = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        Marshallers.Create<SpanCount>(_ => throw new NotSupportedException("the receiver only reads exports"), SpanCount.Of),
        Marshallers.Create<ExportTraceServiceResponse>(response => response.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public TraceReceiver Receiver { get; set; } = null!;

    // Virtual, as a generated base's method is: the binder takes only a method that overrides
    // (or is) the one declared on the type that names BindService.
    public virtual Task<ExportTraceServiceResponse> Export(SpanCount request, ServerCallContext context)
    {
        Receiver.Count(request.Spans);
        return Task.FromResult(new ExportTraceServiceResponse());
    }

    public static void BindService(ServiceBinderBase binder, SpanCountingService? service) =>
        binder.AddMethod(ExportMethod, service is null ? null : service.Export);
}

/// <summary>How many spans an ExportTraceServiceRequest carries, read from its wire format.</summary>
public sealed record SpanCount(long Spans)
{
    // ExportTraceServiceRequest.resource_spans (1) -> ResourceSpans.scope_spans (2) -> ScopeSpans.spans (2).
    private static readonly int[] PathToSpans = [1, 2, 2];

    public static SpanCount Of(byte[] export) => new(Count(new CodedInputStream(export), 0));

    private static long Count(CodedInputStream input, int depth)
    {
        long count = 0;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) != PathToSpans[depth] || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
            }
            else if (depth == PathToSpans.Length - 1)
            {
                count++;
                input.SkipLastField();
            }
            else
            {
                count += Count(input.ReadBytes().CreateCodedInput(), depth + 1);
            }
        }

        return count;
    }
}

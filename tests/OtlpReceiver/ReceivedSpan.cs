using Simul.OtlpReceiver.Otlp;

namespace Simul.OtlpReceiver;

/// <summary>One span as received, with its service and attributes made easy to query.</summary>
public sealed record ReceivedSpan(string Service, string Scope, Span Span)
{
    public string TraceId { get; } = Convert.ToHexStringLower(Span.TraceId.Span);

    public string SpanId { get; } = Convert.ToHexStringLower(Span.SpanId.Span);

    public string ParentId { get; } = Convert.ToHexStringLower(Span.ParentSpanId.Span);

    public string Name => Span.Name;

    public Span.Types.SpanKind Kind => Span.Kind;

    public double StartMs => Span.StartTimeUnixNano / 1e6;

    public double DurationMs => (Span.EndTimeUnixNano - Span.StartTimeUnixNano) / 1e6;

    public string? Attribute(string key) => Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value switch
    {
        null => null,
        { ValueCase: AnyValue.ValueOneofCase.StringValue } v => v.StringValue,
        { ValueCase: AnyValue.ValueOneofCase.IntValue } v => v.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        { ValueCase: AnyValue.ValueOneofCase.BoolValue } v => v.BoolValue ? "true" : "false",
        { ValueCase: AnyValue.ValueOneofCase.DoubleValue } v => v.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}

using System.Diagnostics;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Simul.OtlpReceiver;
using Simul.OtlpReceiver.Otlp;

namespace Simul.Telemetry.Tests;

/// <summary>The benchmark's receiver counts spans from the wire without parsing them: it must count
/// what parsing would find, and what a real exporter sends.</summary>
public class SpanCountingTests
{
    [Fact]
    public void Counting_the_wire_finds_every_span_of_every_scope_of_every_resource()
    {
        var request = new ExportTraceServiceRequest();
        for (var r = 0; r < 2; r++)
        {
            var resource = new ResourceSpans { Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = $"service {r}" } } } } };
            for (var s = 0; s < 3; s++)
            {
                var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "scope" } };
                scope.Spans.Add(Enumerable.Range(0, s + 1).Select(i => new Span { Name = $"span {i}", TraceId = ByteString.CopyFrom(new byte[16]) }));
                resource.ScopeSpans.Add(scope);
            }

            request.ResourceSpans.Add(resource);
        }

        Assert.Equal(12, SpanCount.Of(request.ToByteArray()).Spans); // 2 resources x (1 + 2 + 3)
        Assert.Equal(0, SpanCount.Of([]).Spans);
    }

    [Fact]
    public async Task A_counting_receiver_counts_what_the_otlp_exporter_sends()
    {
        await using var receiver = await TraceReceiver.StartAsync(keepSpans: false);
        using var source = new ActivitySource("Simul.SpanCountingTests");
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(otlp => (otlp.Endpoint, otlp.Protocol) = (receiver.Address, OtlpExportProtocol.Grpc))
            .Build())
        {
            for (var i = 0; i < 5; i++)
            {
                source.StartActivity("span")?.Dispose();
            }

            Assert.True(provider.ForceFlush(10_000), "the exporter never flushed");
        }

        Assert.Equal(5, receiver.Received);
        Assert.Empty(receiver.Spans);
    }
}

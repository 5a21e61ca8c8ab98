using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Simul.OtlpReceiver;

namespace Simul.Telemetry.Tests;

/// <summary>The tracing-overhead benchmark's receiver counts spans without decoding them: as
/// many as the SDK's own OTLP exporter sent, over many exports and from two scopes.</summary>
public class CountingReceiverTests
{
    [Fact]
    public async Task A_counting_receiver_counts_every_span_the_sdk_exports()
    {
        const int PerScope = 500;
        await using var receiver = await TraceReceiver.StartAsync(keepSpans: false);
        using var first = new ActivitySource("simul.counting-test.first");
        using var second = new ActivitySource("simul.counting-test.second");
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(first.Name, second.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = receiver.Address;
                otlp.Protocol = OtlpExportProtocol.Grpc;
                otlp.BatchExportProcessorOptions.MaxExportBatchSize = 100; // ten exports at least
            })
            .Build())
        {
            for (var i = 0; i < PerScope; i++)
            {
                using (first.StartActivity("first")?.SetTag("simul.i", i))
                {
                    using var inner = second.StartActivity("second")?.SetTag("simul.note", "a string to skip");
                }
            }

            Assert.True(provider.ForceFlush(10_000), "the exporter did not flush within 10 s");
        }

        Assert.Equal(2 * PerScope, receiver.Received);
    }
}

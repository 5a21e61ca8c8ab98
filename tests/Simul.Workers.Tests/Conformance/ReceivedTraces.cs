using Simul.Orchestrator.Conformance;
using Simul.OtlpReceiver;

using Simul.Tests.Shared;

namespace Simul.Workers.Tests.Conformance;

/// <summary>
/// An in-test OTLP receiver the workers started by these tests export to: this process's OTEL_*
/// variables point at it while the fixture lives (local workers inherit them), as the trace
/// check of the conformance suite needs.
/// </summary>
public sealed class ReceivedTraces : IAsyncLifetime, ITraceCollector
{
    private readonly TemporaryEnvironment _environment = new();
    private TraceReceiver? _receiver;

    public async Task InitializeAsync()
    {
        _receiver = await TraceReceiver.StartAsync();
        _environment.Set("OTEL_EXPORTER_OTLP_ENDPOINT", _receiver.Address.ToString());
        _environment.Set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        _environment.Set("OTEL_BSP_SCHEDULE_DELAY", "200");
    }

    public async Task<IReadOnlyList<CollectedSpan>> SpansOfAsync(string traceId, Func<IReadOnlyList<CollectedSpan>, bool> enough, TimeSpan timeout)
    {
        List<CollectedSpan> Of(IReadOnlyList<ReceivedSpan> all) => [.. all.Where(s => s.TraceId == traceId).Select(Collected)];
        return Of(await _receiver!.WaitForAsync(all => enough(Of(all)), timeout));
    }

    public async Task DisposeAsync()
    {
        _environment.Dispose();

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    private static CollectedSpan Collected(ReceivedSpan span) => new(span.Service, span.Name, span.Kind.ToString().ToUpperInvariant(),
        span.TraceId, span.SpanId, span.ParentId,
        span.Span.Attributes.Select(a => a.Key).Distinct().ToDictionary(key => key, key => span.Attribute(key) ?? ""));
}

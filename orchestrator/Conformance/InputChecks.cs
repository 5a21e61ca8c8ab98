using Grpc.Core;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>Bad input gets a status that says what is wrong: INVALID_ARGUMENT naming the field,
/// INTERNAL for a message that cannot be parsed, RESOURCE_EXHAUSTED for one too large.</summary>
internal static class InputChecks
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>Every field out of range, one at a time, and the field the message must name.</summary>
    private static readonly (string Field, WorkItem Item)[] OutOfRange =
    [
        ("below", Prime(2, 0)),
        ("below", Prime(1_000_000_000, 0)),
        ("wait_ms", Prime(100, -1)),
        ("wait_ms", Prime(100, 60_001)),
        ("count", Fetch(0, 0, 0)),
        ("count", Fetch(101, 0, 0)),
        ("delay_ms", Fetch(1, -1, 0)),
        ("delay_ms", Fetch(1, 60_001, 0)),
        ("size_bytes", Fetch(1, 0, -5)),
        ("size_bytes", Fetch(1, 0, 8 * 1024 * 1024 + 1)),
        ("count * size_bytes", Fetch(10, 0, 8 * 1024 * 1024)),
        ("steps", Steps(0, 0, 0)),
        ("steps", Steps(1_001, 0, 0)),
        ("work_us", Steps(1, -1, 0)),
        ("work_us", Steps(1, 10_000_001, 0)),
        ("wait_us", Steps(1, 0, -1)),
        ("wait_us", Steps(1, 0, 60_000_001)),
    ];

    public static Check InvalidArguments { get; } = new("bad input: INVALID_ARGUMENT naming the field, for each field out of range", async context =>
    {
        foreach (var (field, item) in OutOfRange)
        {
            var call = item.WorkloadCase switch
            {
                WorkItem.WorkloadOneofCase.Prime => ConformanceContext.StatusOf(context.Client.PrimeAsync(item.Prime, ConformanceContext.Within(TimeSpan.FromSeconds(10)))),
                WorkItem.WorkloadOneofCase.Fetch => ConformanceContext.StatusOf(context.Client.FetchAsync(item.Fetch, ConformanceContext.Within(TimeSpan.FromSeconds(10)))),
                _ => ConformanceContext.StatusOf(context.Client.StepsAsync(item.Steps, ConformanceContext.Within(TimeSpan.FromSeconds(10)))),
            };
            var status = await call;
            Expect.That(status.StatusCode == StatusCode.InvalidArgument && status.Detail.Contains(field, StringComparison.Ordinal),
                $"{item.WorkloadCase} {Describe(item)}: expected INVALID_ARGUMENT naming {field}, got {status.StatusCode} \"{status.Detail}\"");
        }

        return CheckResult.Pass($"{OutOfRange.Length} out-of-range requests");
    });

    public static Check Malformed { get; } = new("bad input: a message that is not protobuf is INTERNAL, saying it could not be parsed", async context =>
    {
        var status = await RawAsync(context, [0xFF, 0xFF, 0xFF]);
        Expect.That(status.StatusCode == StatusCode.Internal && status.Detail.Contains("parse", StringComparison.OrdinalIgnoreCase),
            $"expected INTERNAL saying the request could not be parsed, got {status.StatusCode} \"{status.Detail}\"");
        return CheckResult.Pass(status.Detail);
    });

    public static Check Oversized { get; } = new("bad input: a message over 4 MiB is RESOURCE_EXHAUSTED", async context =>
    {
        // 5 MiB of a field PrimeRequest does not have (field 3, length-delimited).
        var huge = new byte[5 * 1024 * 1024];
        huge[0] = 0x1A;
        var length = huge.Length - 5;
        for (var i = 1; i < 5; i++, length >>= 7)
        {
            huge[i] = (byte)((length & 0x7F) | (i < 4 ? 0x80 : 0));
        }

        var status = await RawAsync(context, huge);
        Expect.That(status.StatusCode == StatusCode.ResourceExhausted, $"expected RESOURCE_EXHAUSTED, got {status.StatusCode} \"{status.Detail}\"");
        return CheckResult.Pass();
    });

    private static Task<Status> RawAsync(ConformanceContext context, byte[] message)
    {
        var prime = new Method<byte[], byte[]>(MethodType.Unary, Worker.Descriptor.FullName, "Prime", Bytes, Bytes);
        return ConformanceContext.StatusOf(context.Invoker.AsyncUnaryCall(prime, null, ConformanceContext.Within(TimeSpan.FromSeconds(30)), message));
    }

    private static string Describe(WorkItem item) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => item.Prime.ToString(),
        WorkItem.WorkloadOneofCase.Fetch => item.Fetch.ToString(),
        _ => item.Steps.ToString(),
    };

    private static WorkItem Prime(long below, int waitMs) => new() { Prime = new PrimeRequest { Below = below, WaitMs = waitMs } };

    private static WorkItem Fetch(int count, int delayMs, int sizeBytes) => new() { Fetch = new FetchRequest { Count = count, DelayMs = delayMs, SizeBytes = sizeBytes } };

    private static WorkItem Steps(int steps, long workUs, long waitUs) => new() { Steps = new StepsRequest { Steps = steps, WorkUs = workUs, WaitUs = waitUs } };
}

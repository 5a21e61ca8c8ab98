using System.Diagnostics;
using Simul.ServiceDefaults;

namespace Simul.Telemetry.Tests;

/// <summary>A worker's server span, in process: ASP.NET Core's activity as Grpc.AspNetCore leaves
/// it, and what <see cref="GrpcServerSpans"/> makes of it when it ends.</summary>
public sealed class GrpcServerSpansTests : IDisposable
{
    private readonly ActivitySource _hosting = new(GrpcServerSpans.HostingSource);
    private readonly ActivitySource _other = new("Simul.Tests.Other");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is GrpcServerSpans.HostingSource or "Simul.Tests.Other",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    private readonly GrpcServerSpans _spans = new();

    public GrpcServerSpansTests() => ActivitySource.AddActivityListener(_listener);

    [Theory]
    [InlineData("0", "OK", ActivityStatusCode.Unset)]
    [InlineData("8", "RESOURCE_EXHAUSTED", ActivityStatusCode.Unset)] // an overload refusal is the caller's to handle
    [InlineData("3", "INVALID_ARGUMENT", ActivityStatusCode.Unset)]
    [InlineData("13", "INTERNAL", ActivityStatusCode.Error)]
    [InlineData("14", "UNAVAILABLE", ActivityStatusCode.Error)]
    [InlineData("4", "DEADLINE_EXCEEDED", ActivityStatusCode.Error)]
    public void A_call_is_named_and_tagged_by_the_rpc_conventions(string grpcCode, string codeName, ActivityStatusCode status)
    {
        var activity = End(_hosting, "/simul.v1.Worker/Prime", grpcCode);

        Assert.Equal("simul.v1.Worker/Prime", activity.DisplayName);
        Assert.Equal("grpc", activity.GetTagItem("rpc.system.name"));
        Assert.Equal("simul.v1.Worker/Prime", activity.GetTagItem("rpc.method"));
        Assert.Equal(codeName, activity.GetTagItem("rpc.response.status_code"));
        Assert.Equal(status, activity.Status);
        Assert.Null(activity.GetTagItem("grpc.method")); // said once, by the conventions' names
        Assert.True(activity.Recorded);
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/simul.v1.Worker/Describe")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData(null)] // not a gRPC call: /healthz or /metrics on the health port
    public void What_is_not_a_workload_call_is_not_exported(string? method)
    {
        var activity = End(_hosting, method, "0");

        Assert.False(activity.Recorded);
    }

    [Fact]
    public void Spans_of_other_sources_are_left_as_they_are()
    {
        var activity = End(_other, "/simul.v1.Worker/Prime", "0");

        Assert.Equal("server", activity.DisplayName);
        Assert.Null(activity.GetTagItem("rpc.method"));
        Assert.True(activity.Recorded);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _hosting.Dispose();
        _other.Dispose();
        _spans.Dispose();
    }

    /// <summary>An activity started and tagged as Grpc.AspNetCore tags it, then ended through the processor.</summary>
    private Activity End(ActivitySource source, string? grpcMethod, string grpcCode)
    {
        using var activity = source.StartActivity("server", ActivityKind.Server)!;
        activity.SetTag("grpc.method", grpcMethod);
        activity.SetTag("grpc.status_code", grpcCode);
        activity.Stop();
        _spans.OnEnd(activity);
        return activity;
    }
}

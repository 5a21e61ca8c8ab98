using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace Simul.Orchestrator.Targets;

/// <summary>
/// The load generator's gRPC retry policy (--retries): up to <see cref="Retries"/> more attempts
/// of a call that failed with one of <see cref="On"/>, after a randomised exponential backoff
/// (50 ms, doubling, at most 1 s), within the call's one deadline, as gRPC's retry design has it.
/// No retry throttling: a storm is what it is here to show.
/// </summary>
public sealed record ClientRetries(int Retries, IReadOnlyList<StatusCode> On)
{
    public const int MostRetries = 4; // Grpc.Net.Client allows 5 attempts unless told otherwise

    public static IReadOnlyList<StatusCode> DefaultOn { get; } = [StatusCode.Unavailable, StatusCode.ResourceExhausted];

    /// <summary>The policy for every method of simul.v1.Worker, as the channel's service config takes it.</summary>
    public MethodConfig MethodConfig()
    {
        var policy = new RetryPolicy
        {
            MaxAttempts = Retries + 1,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromSeconds(1),
            BackoffMultiplier = 2,
        };
        foreach (var status in On)
        {
            policy.RetryableStatusCodes.Add(status);
        }

        return new MethodConfig { Names = { new MethodName { Service = "simul.v1.Worker" } }, RetryPolicy = policy };
    }

    /// <summary>"2 retries on UNAVAILABLE, RESOURCE_EXHAUSTED".</summary>
    public override string ToString() => $"{Retries} {(Retries == 1 ? "retry" : "retries")} on {string.Join(", ", On.Select(Load.CallSender.StatusName))}";
}

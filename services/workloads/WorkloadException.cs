namespace Simul.Workloads;

/// <summary>Why a request could not give an answer. The numbers are gRPC status codes, so every
/// model (and the process model's child, across its pipe) reports the same status for the same
/// failure; the worker's RequestRunner turns them into the call's status.</summary>
public enum WorkloadError
{
    InvalidArgument = 3,
    ResourceExhausted = 8,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
}

public sealed class WorkloadException(WorkloadError error, string message) : Exception(message)
{
    public WorkloadError Error { get; } = error;
}

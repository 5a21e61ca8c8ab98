namespace Simul.Workloads;

/// <summary>Why a workload could not give an answer. The numbers are gRPC status codes, so every
/// model (and the process model's child) reports the same status for the same failure.</summary>
public enum WorkloadError
{
    InvalidArgument = 3,
    Unavailable = 14,
    DataLoss = 15,
}

public sealed class WorkloadException(WorkloadError error, string message) : Exception(message)
{
    public WorkloadError Error { get; } = error;
}

using System.Net.Http.Json;
using System.Text.Json;
using Simul.Contracts.Faults;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Running;

/// <summary>
/// Takes upstream through a scenario's fault stages while a load runs: each stage's profile is
/// set (PUT /faults) at its start and cleared (DELETE /faults) at its end, on the load's clock from
/// the start of its measured window; upstream is always left well, however the run ends.
/// </summary>
public sealed class UpstreamFaults(Uri upstream) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly HttpClient _http = new() { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(10) };

    public async Task RunAsync(IReadOnlyList<FaultStage> stages, long windowStartUs, IClock clock, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var stage in stages)
            {
                await clock.DelayUntilAsync(windowStartUs + (long)(stage.AtS * 1e6), cancellationToken);
                await SetAsync(stage.Upstream, cancellationToken);
                await clock.DelayUntilAsync(windowStartUs + (long)(stage.EndS * 1e6), cancellationToken);
                await ClearAsync();
            }
        }
        finally
        {
            await ClearAsync();
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task SetAsync(FaultProfile profile, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsJsonAsync("/faults", profile, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"upstream {upstream} refused the fault profile ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task ClearAsync()
    {
        using var response = await _http.DeleteAsync("/faults");
        response.EnsureSuccessStatusCode();
    }
}

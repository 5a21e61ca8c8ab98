using System.Net.Http;
using Simul.Workloads.Accounting;

namespace Simul.Workloads.Waiting;

/// <summary>
/// Waiting by awaiting: <c>Task.Delay</c> and <c>HttpClient.SendAsync</c> hold no thread while
/// they wait, and concurrent requests are just several tasks awaited together. A wait is over
/// when its task completes; the await's continuation may run later (on a busy event loop, much
/// later), which the timing counts as queue. A fetch runs off the caller's context as one
/// operation, as an event loop's reactor does the socket work and resumes the coroutine once.
/// <paramref name="yieldEvery"/> &gt; 0 makes CPU work step aside every so many steps.
/// </summary>
public sealed class AwaitedWaits(HttpClient http, long yieldEvery = 0) : IWaitingStyle
{
    public long YieldEvery => yieldEvery;

    public async ValueTask YieldAsync() => await Task.Yield();

    public ValueTask SleepAsync(TimeSpan duration, RequestTiming.WaitPhase phase, CancellationToken cancellationToken)
    {
        phase.DueAfter(duration);
        return new(Tracked(Task.Delay(duration, cancellationToken), phase));
    }

    public ValueTask<long> GetAsync(Uri url, RequestTiming.WaitPhase phase, CancellationToken cancellationToken) =>
        new(Tracked(GetOneAsync(url, cancellationToken), phase));

    public ValueTask<long> GetAllAsync(IReadOnlyList<Uri> urls, RequestTiming.WaitPhase phase, CancellationToken cancellationToken) =>
        new(Tracked(GetEveryAsync(urls, cancellationToken), phase));

    private static T Tracked<T>(T operation, RequestTiming.WaitPhase phase)
        where T : Task
    {
        phase.ReadyWhen(operation);
        return operation;
    }

    private async Task<long> GetEveryAsync(IReadOnlyList<Uri> urls, CancellationToken cancellationToken)
    {
        var received = await Task.WhenAll(urls.Select(url => GetOneAsync(url, cancellationToken))).ConfigureAwait(false);
        return received.Sum();
    }

    private async Task<long> GetOneAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}

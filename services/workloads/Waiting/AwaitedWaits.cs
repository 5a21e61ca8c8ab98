using System.Net.Http;

namespace Simul.Workloads.Waiting;

/// <summary>
/// Waiting by awaiting: <c>Task.Delay</c> and <c>HttpClient.SendAsync</c> hold no thread while
/// they wait, and concurrent requests are just several tasks awaited together.
/// <paramref name="yieldEvery"/> &gt; 0 makes CPU work step aside every so many steps.
/// </summary>
public sealed class AwaitedWaits(HttpClient http, long yieldEvery = 0) : IWaitingStyle
{
    public long YieldEvery => yieldEvery;

    public async ValueTask YieldAsync() => await Task.Yield();

    public ValueTask SleepAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        new(Task.Delay(duration, cancellationToken));

    public async ValueTask<long> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    public async ValueTask<long> GetAllAsync(IReadOnlyList<Uri> urls, CancellationToken cancellationToken)
    {
        var received = await Task.WhenAll(urls.Select(url => GetAsync(url, cancellationToken).AsTask()));
        return received.Sum();
    }
}

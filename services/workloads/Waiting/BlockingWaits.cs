using System.Net.Http;
using Simul.Workloads.Accounting;

namespace Simul.Workloads.Waiting;

/// <summary>
/// Waiting by blocking the OS thread: a timed wait instead of a sleep, synchronous
/// <c>HttpClient.Send</c>, and, for concurrent requests, one more thread per request,
/// because blocking code gets concurrency only from threads. A wait ends when the call returns.
/// Without an HTTP client (the process model's child for a request that does not fetch: it
/// starts none it will not use) a fetch is a bug, said as one.
/// </summary>
public sealed class BlockingWaits(HttpClient? http) : IWaitingStyle
{
    public long YieldEvery => 0;

    public ValueTask YieldAsync() => throw new InvalidOperationException("Blocking code runs CPU work to its end.");

    public ValueTask SleepAsync(TimeSpan duration, RequestTiming.WaitPhase phase, CancellationToken cancellationToken)
    {
        // Holds the thread exactly as Thread.Sleep does, but wakes when the call is cancelled.
        phase.DueAfter(duration);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.WaitHandle.WaitOne(duration);
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            Thread.Sleep(duration);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<long> GetAsync(Uri url, RequestTiming.WaitPhase phase, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Get(url, cancellationToken));

    public ValueTask<long> GetAllAsync(IReadOnlyList<Uri> urls, RequestTiming.WaitPhase phase, CancellationToken cancellationToken)
    {
        var received = new long[urls.Count];
        var failures = new Exception?[urls.Count];
        var helpers = Enumerable.Range(1, urls.Count - 1).Select(i =>
        {
            var thread = new Thread(() => received[i] = Capture(() => Get(urls[i], cancellationToken), out failures[i]))
            {
                IsBackground = true,
                Name = "fetch helper",
            };
            thread.Start();
            return thread;
        }).ToList();
        received[0] = Capture(() => Get(urls[0], cancellationToken), out failures[0]);
        helpers.ForEach(t => t.Join());

        return failures.FirstOrDefault(f => f is not null) is { } failure
            ? ValueTask.FromException<long>(failure)
            : ValueTask.FromResult(received.Sum());
    }

    private long Get(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var client = http ?? throw new InvalidOperationException("a fetch with no HTTP client: this process was started for a request that does not fetch");
        using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = response.Content.ReadAsStream(cancellationToken);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = body.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static long Capture(Func<long> get, out Exception? failure)
    {
        try
        {
            failure = null;
            return get();
        }
        catch (Exception e)
        {
            failure = e;
            return 0;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Simul.Orchestrator.Running;

/// <summary>What a progress display is told: one model's run at a time.</summary>
/// <param name="Scenario">The scenario, with the level of a sweep.</param>
/// <param name="Model">The model's name.</param>
/// <param name="ExpectedSeconds">How long the run should take (null for a batch: until the last reply).</param>
/// <param name="RunsLeft">Model runs of the scenario after this one.</param>
public sealed record ProgressStep(string Scenario, string Model, double? ExpectedSeconds, int RunsLeft);

/// <summary>Shows a long run while it goes: what runs, for how long yet, replies per second, failures.</summary>
public interface IRunProgress
{
    Task<T> TrackAsync<T>(ProgressStep current, LiveCounts counts, Func<Task<T>> run);
}

/// <summary>
/// A line now and then, for output that is not a terminal (CI, docker logs, a file): one at
/// the start of each model's run, one every <see cref="Every"/> while it runs, one at the end.
/// </summary>
public sealed class PlainProgress(Action<string> write) : IRunProgress
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    public async Task<T> TrackAsync<T>(ProgressStep current, LiveCounts counts, Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        write(ProgressText.Line(current, counts, clock.Elapsed, started: true));
        using var stop = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Every);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                write(ProgressText.Line(current, counts, clock.Elapsed, started: false));
            }
        });
        try
        {
            return await run();
        }
        finally
        {
            await stop.CancelAsync();
            await ticker.ContinueWith(_ => { }, TaskScheduler.Default);
            write(ProgressText.Line(current, counts, clock.Elapsed, started: false) + " done");
        }
    }
}

/// <summary>On a terminal: one live line (Spectre.Console's Live display), redrawn five times a
/// second while a model runs, gone when it ends (the scenario's table follows).</summary>
public sealed class TerminalProgress(IAnsiConsole console) : IRunProgress
{
    public async Task<T> TrackAsync<T>(ProgressStep current, LiveCounts counts, Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        T result = default!;
        await console.Live(new Markup("")).AutoClear(true).StartAsync(async context =>
        {
            var work = run();
            while (await Task.WhenAny(work, Task.Delay(200)) != work)
            {
                context.UpdateTarget(new Markup(Markup.Escape(ProgressText.Line(current, counts, clock.Elapsed, started: false))));
            }

            result = await work;
        });
        return result;
    }
}

internal static class ProgressText
{
    public static string Line(ProgressStep step, LiveCounts counts, TimeSpan elapsed, bool started)
    {
        var seconds = elapsed.TotalSeconds;
        var left = step.ExpectedSeconds is { } expected
            ? $", about {Math.Max(0, expected - seconds).ToString("0", CultureInfo.InvariantCulture)} s left"
            : "";
        var after = step.RunsLeft > 0 ? $" ({step.RunsLeft.ToString(CultureInfo.InvariantCulture)} more to go)" : "";
        if (started)
        {
            return $"{step.Scenario}: {step.Model}{after}";
        }

        var rate = seconds > 0 ? (counts.Ok / seconds).ToString("#,0.#", CultureInfo.InvariantCulture) : "0";
        return $"{step.Scenario}: {step.Model} {seconds.ToString("0", CultureInfo.InvariantCulture)} s{left}, {rate} ok/s, {counts.Failed.ToString("#,0", CultureInfo.InvariantCulture)} failed{after}";
    }
}

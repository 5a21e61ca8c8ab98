using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

/// <summary>Requests that expired in the worker's queue failed without running: the report says
/// how many, so a reader does not take their DEADLINE_EXCEEDED for work that ran too long.</summary>
public class QueueExpiryNoteTests
{
    [Theory]
    [InlineData(40, true)]
    [InlineData(0, false)]
    public void Requests_expired_in_the_queue_are_said_under_the_model(long expired, bool noted)
    {
        var run = ReportSamples.Build().Scenarios[0].Runs[0].Models[0];
        var model = run with { Resources = run.Resources with { ExpiredInQueue = expired } };

        var notes = ModelNotes.For(model).Where(n => n.Text.Contains("expired in the worker's queue", StringComparison.Ordinal)).ToList();

        Assert.Equal(noted, notes.Count == 1);
        if (noted)
        {
            Assert.StartsWith("40 requests expired in the worker's queue", notes[0].Text, StringComparison.Ordinal);
            Assert.Contains("none of them ran", notes[0].Text, StringComparison.Ordinal);
        }
    }
}

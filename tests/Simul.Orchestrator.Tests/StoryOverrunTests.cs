using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

/// <summary>The chess story inherits one board's overrun (its waits wake late, its call has a
/// transport): the report says so when that moves the story's figures by more than 5%.</summary>
public class StoryOverrunTests
{
    [Theory]
    [InlineData(0.385, true)]   // 7% over the 360 ms its 30 moves of 1 ms and 11 ms waits ask
    [InlineData(0.370, false)]  // 3%
    public void A_board_that_took_more_than_5_percent_over_its_moves_and_waits_is_noted(double oneBoardSeconds, bool noted)
    {
        var chess = ReportSamples.Build().Scenarios[1].Runs[0].Models.Single(m => m.Model == "async");
        var model = chess with { Story = new StoryResult(oneBoardSeconds, 12.8, 0.5, 0.7, 18.3, OneBoardAskedSeconds: 0.360) };

        var overrun = ModelNotes.For(model).Where(n => n.Text.StartsWith("one board took", StringComparison.Ordinal)).ToList();

        Assert.Equal(noted, overrun.Count == 1);
        if (noted)
        {
            Assert.Equal(NoteKind.Caveat, overrun[0].Kind);
            Assert.Contains("one board took 385 ms where its moves and waits ask 360 ms (+7%", overrun[0].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_note_says_how_late_each_wait_resumed_as_the_worker_measured_it()
    {
        var chess = ReportSamples.Build().Scenarios[1].Runs[0].Models.Single(m => m.Model == "async");
        var model = chess with { Story = new StoryResult(0.385, 12.8, 0.5, 0.7, 18.3, OneBoardAskedSeconds: 0.360) { AskedWaitMs = 11, WaitSlackMs = 0.8 } };

        var overrun = ModelNotes.For(model).Single(n => n.Text.StartsWith("one board took", StringComparison.Ordinal));

        Assert.Contains("(+7%: each of its waits of 11 ms resumed 0.8 ms late on average, as its worker measured it; the rest is the call's transport", overrun.Text, StringComparison.Ordinal);
    }
}

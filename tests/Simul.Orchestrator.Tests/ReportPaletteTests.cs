using Simul.Orchestrator.Report.Html;

namespace Simul.Orchestrator.Tests;

public class ReportPaletteTests
{
    [Fact]
    public void Known_models_keep_their_colour_and_others_get_distinct_spare_ones()
    {
        var report = ReportSamples.RenameModel(ReportSamples.RenameModel(ReportSamples.Build(), "process", "mine"), "threadpool", "yours");
        var palette = new Palette(report);
        var plain = new Palette(ReportSamples.Build());

        Assert.Equal(plain.Model("async"), palette.Model("async"));
        Assert.NotEqual(palette.Model("mine"), palette.Model("yours"));
        string[] all = [palette.Model("mine"), palette.Model("yours"), palette.Model("async"), palette.Model("async-loop")];
        Assert.Equal(all.Length, all.Distinct().Count());
    }
}

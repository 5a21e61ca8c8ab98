using Simul.Contracts.V1;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

/// <summary>The talks' table reads each model's stated capabilities: a column per family, and per
/// runtime when there are several; a family it does not know is an error every format states,
/// not a model that silently drops out.</summary>
public class TalkTableTests
{
    [Fact]
    public void A_model_of_an_unknown_family_is_an_error_the_report_states()
    {
        var stated = new Capabilities { Runtime = new Runtime { Name = "zig", Version = "0.14" }, Family = (Family)7 };
        var report = WithModel(ReportSamples.Build(), "strange", CapabilitiesOf.Describe(stated));

        var table = TalkTable.From(report);

        var problem = Assert.Single(table.Problems);
        Assert.Contains("strange", problem, StringComparison.Ordinal);
        Assert.Contains("family 7 is not one this orchestrator knows", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(table.Columns, c => c.Contains("zig", StringComparison.Ordinal));
        Assert.Contains($"**Error:** {problem}", MarkdownReport.Render(report), StringComparison.Ordinal);
        Assert.Matches("<p class=\"error\"><strong>Error:</strong> strange is left out of the talks.{1,8} table: its family is unknown: family 7", HtmlReport.Render(report));
    }

    [Fact]
    public void A_worker_that_states_no_capabilities_is_named_too()
    {
        var report = WithModel(ReportSamples.Build(), "silent", CapabilitiesOf.Describe(null));

        Assert.Contains("silent is left out of the talks' table: its family is unknown: the worker states no capabilities", TalkTable.From(report).Problems);
    }

    [Fact]
    public void Several_runtimes_get_a_column_per_family_and_runtime()
    {
        var cpython = ReportSamples.Capabilities("threadpool") with { Runtime = "cpython", RuntimeVersion = "3.11.2", ComputeLimit = "the interpreter lock", ComputeCount = 1 };
        var report = WithModel(ReportSamples.Build(), "python-threads", cpython);

        var table = TalkTable.From(report);

        Assert.Equal(["processes (dotnet)", "threads (dotnet)", "threads (cpython)", "async (dotnet)"], table.Columns);
        Assert.Empty(table.Problems);
    }

    /// <summary>The report with one more model, beside the others in its first scenario.</summary>
    private static RunReport WithModel(RunReport report, string name, ModelCapabilities capabilities)
    {
        var first = report.Scenarios[0];
        var model = first.Runs[0].Models[1] with { Model = name, Label = name, Capabilities = capabilities };
        return report with { Scenarios = [first with { Runs = [first.Runs[0] with { Models = [.. first.Runs[0].Models, model] }] }, .. report.Scenarios.Skip(1)] };
    }
}

using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

public class ReportJsonTests
{
    [Fact]
    public void A_report_read_back_serializes_to_the_same_text()
    {
        var json = ReportJson.Serialize(ReportSamples.Build());

        Assert.Equal(json, ReportJson.Serialize(ReportJson.Deserialize(json)));
    }

    [Fact]
    public void Write_then_Read_through_a_file_round_trips()
    {
        var report = ReportSamples.Build();
        var path = Path.Combine(Path.GetTempPath(), $"simul-report-{Guid.NewGuid():N}.json");
        try
        {
            ReportJson.Write(report, path);

            Assert.Equal(ReportJson.Serialize(report), ReportJson.Serialize(ReportJson.Read(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Properties_are_snake_case_and_status_keys_keep_their_spelling()
    {
        var json = ReportJson.Serialize(ReportSamples.Build());

        Assert.Contains("\"schema_version\": 4", json, StringComparison.Ordinal);
        Assert.Contains("\"memory_per_in_flight\":", json, StringComparison.Ordinal);
        Assert.Contains("\"ideal_throughput_per_second\":", json, StringComparison.Ordinal);
        Assert.Contains("\"DEADLINE_EXCEEDED\": 2", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"deadline_exceeded\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("SchemaVersion", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_schema_version_is_refused()
    {
        var json = ReportJson.Serialize(ReportSamples.Build() with { SchemaVersion = 1 });

        var error = Assert.Throws<InvalidDataException>(() => ReportJson.Deserialize(json));
        Assert.Contains("schema version 1", error.Message, StringComparison.Ordinal);
    }
}

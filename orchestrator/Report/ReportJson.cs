using System.Text.Json;

namespace Simul.Orchestrator.Report;

/// <summary>
/// report.json: snake_case property names, indented so a person can read and diff it. Dictionary
/// keys keep their spelling (DictionaryKeyPolicy stays null): the by_status keys are gRPC status
/// names such as DEADLINE_EXCEEDED, which readers match as they are.
/// </summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(RunReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>An enum value as report.json writes it ("throughput_per_second"), for the other exports.</summary>
    public static string EnumName(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Reads a report of the current schema; another schema version is refused rather
    /// than half-read, since its fields may mean something else.</summary>
    public static RunReport Deserialize(string json)
    {
        var report = JsonSerializer.Deserialize<RunReport>(json, Options)
            ?? throw new InvalidDataException("report.json holds null, not a report");
        return report.SchemaVersion == RunReport.CurrentSchemaVersion
            ? report
            : throw new InvalidDataException($"report.json has schema version {report.SchemaVersion}; this build reads version {RunReport.CurrentSchemaVersion}");
    }

    public static void Write(RunReport report, string path) => File.WriteAllText(path, Serialize(report));

    public static RunReport Read(string path) => Deserialize(File.ReadAllText(path));
}

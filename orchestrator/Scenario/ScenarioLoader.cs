using System.Text.Json;
using System.Text.Json.Serialization;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Scenario;

/// <summary>A scenario file that cannot be used, with the file and the field at fault.</summary>
public sealed class ScenarioException(string message) : Exception(message);

/// <summary>Reads a scenario file, validates every field, and turns it into a <see cref="Scenario"/>.</summary>
public static class ScenarioLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ScenarioException($"{path}: {e.Message}");
        }

        return Parse(text, path);
    }

    public static Scenario Parse(string json, string source)
    {
        ScenarioSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<ScenarioSpec>(json, Json) ?? throw new ScenarioException($"{source}: the file is empty");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "(top level)";
            throw new ScenarioException($"{source}: {field}: {FirstSentence(e.Message)}");
        }

        try
        {
            return ScenarioValidation.Validate(spec);
        }
        catch (ScenarioException e)
        {
            throw new ScenarioException($"{source}: {e.Message}");
        }
    }

    private static string FirstSentence(string message) =>
        message.Split(" Path:", 2)[0].Split(" LineNumber", 2)[0].TrimEnd('.', ' ');
}

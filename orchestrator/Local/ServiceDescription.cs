using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simul.Orchestrator.Local;

/// <summary>
/// How a service folder's workers start, from its <c>worker.json</c>: the command (with
/// <c>{dir}</c> the folder, <c>{url}</c> the gRPC address to serve, <c>{configuration}</c> this
/// program's build configuration and <c>{dotnet}</c> its dotnet host), the environment, what the
/// machine needs for it, and its models, each a set of settings (passed as <c>Simul__NAME</c>
/// environment variables), and a <c>check</c>: a command that succeeds where the machine has what
/// the service needs (its packages). Readiness is the same for every worker: grpc.health.v1 says
/// SERVING. The orchestrator knows a runtime only through this file.
/// </summary>
public sealed record ServiceDescription(
    string Service,
    string Runtime,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string>? Environment,
    string? Needs,
    IReadOnlyList<ModelDescription> Models,
    IReadOnlyList<string>? Check = null)
{
    public const string FileName = "worker.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>The folder the description is in.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>Every services/*/worker.json of the repository, by folder name.</summary>
    public static IReadOnlyList<ServiceDescription> InRepository(string root) =>
        [.. System.IO.Directory.GetDirectories(Path.Combine(root, "services")).Order(StringComparer.Ordinal)
            .Select(dir => Path.Combine(dir, FileName)).Where(File.Exists).Select(Read)];

    public static ServiceDescription Read(string path)
    {
        try
        {
            var description = JsonSerializer.Deserialize<ServiceDescription>(File.ReadAllText(path), Json)
                ?? throw new LocalStackException($"{path} holds null, not a worker description");
            return description with { Directory = Path.GetDirectoryName(Path.GetFullPath(path))! };
        }
        catch (JsonException e)
        {
            throw new LocalStackException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Why this machine cannot run the service (its check failed: the needs, in words),
    /// or null when it can (or the service has no check).</summary>
    public string? Unavailable()
    {
        if (Check is not { Count: > 0 } command)
        {
            return null;
        }

        var url = new Uri("http://127.0.0.1:0");
        try
        {
            using var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Fill(command[0], url), command.Skip(1).Select(a => Fill(a, url)))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (check is not null && check.WaitForExit(TimeSpan.FromSeconds(20)) && check.ExitCode == 0)
            {
                return null;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The program is not installed at all.
        }

        return $"{Service} needs {Fill(Needs ?? "what its worker.json says", url)}";
    }

    /// <summary>The command and environment with the placeholders filled in.</summary>
    public (string FileName, IReadOnlyList<string> Arguments, Dictionary<string, string> Environment) Resolve(Uri url)
    {
        var command = Command.Select(part => Fill(part, url)).ToList();
        var environment = (Environment ?? new Dictionary<string, string>()).ToDictionary(e => e.Key, e => Fill(e.Value, url));
        if (command.Count == 0)
        {
            throw new LocalStackException($"{Path.Combine(Directory, FileName)}: command is empty");
        }

        // A path into the service's own folder that is not there: not built, or not installed.
        if (Command.Zip(command).FirstOrDefault(p => p.First.Contains("{dir}", StringComparison.Ordinal) && !Path.Exists(p.Second)) is { Second: { } missing })
        {
            throw new LocalStackException($"{Service}: {missing} is missing; it needs {Fill(Needs ?? "what its worker.json says", url)}");
        }

        return (command[0], command[1..], environment);
    }

    private string Fill(string text, Uri url) => text
        .Replace("{dir}", Directory, StringComparison.Ordinal)
        .Replace("{url}", url.ToString().TrimEnd('/'), StringComparison.Ordinal)
        .Replace("{configuration}", RepoLayout.Configuration, StringComparison.Ordinal)
        .Replace("{dotnet}", RepoLayout.DotnetHost, StringComparison.Ordinal);
}

/// <summary>One model of a service: its name and the settings that make it that model;
/// <c>limit_setting</c> names the setting that sizes what a request holds (pool threads, child
/// slots); <c>demo</c> puts it in `demo`'s default set for its runtime.</summary>
public sealed record ModelDescription(string Name, IReadOnlyDictionary<string, string> Settings, string? LimitSetting = null, bool Demo = false);

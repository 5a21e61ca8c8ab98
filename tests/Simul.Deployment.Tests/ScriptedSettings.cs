using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simul.Deployment.Tests;

/// <summary>
/// A CPython or Node worker's settings, asked of its own settings module: a small script reads a
/// set of Simul__ variables with it (the worker's interpreter, its module unchanged) and answers
/// which variables the module asked for and what it said of their values. The names are those it
/// asks for when given a model of its worker.json, which it reads in full. Its OTEL_* variables are
/// the ones its source names (its own code's, and those its comments say its OpenTelemetry SDK reads).
/// </summary>
public sealed partial class ScriptedSettings : ISettingsReader
{
    private readonly string _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);

    private ScriptedSettings(string program, IReadOnlyList<string> arguments, string sourceDirectory, IReadOnlyDictionary<string, string> validModel)
    {
        _program = program;
        _arguments = arguments;
        var answer = Ask(validModel);
        if (answer.Error is not null)
        {
            throw new InvalidOperationException($"{sourceDirectory}: the settings module refuses its own worker.json model: {answer.Error}");
        }

        Names = [.. answer.Asked.Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..])];
        TelemetryVariables = Directory.EnumerateFiles(sourceDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".py", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .SelectMany(f => OtelName().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    private const string Prefix = "Simul__";

    public IReadOnlyCollection<string> Names { get; }

    public IReadOnlySet<string> TelemetryVariables { get; }

    public string? BindError(IReadOnlyDictionary<string, string> settings) => Ask(settings).Error;

    /// <summary>services/worker-python's settings module, run by the python3 its worker.json names.</summary>
    public static ScriptedSettings CPython(string program, string serviceDirectory, IReadOnlyDictionary<string, string> validModel) =>
        new(program, ["-c", PythonScript, serviceDirectory], Path.Combine(serviceDirectory, "simul_worker"), validModel);

    /// <summary>services/worker-node's settings module, run by the node its worker.json names.</summary>
    public static ScriptedSettings Node(string program, string serviceDirectory, IReadOnlyDictionary<string, string> validModel) =>
        new(program, ["--input-type=module", "-e", NodeScript, Path.Combine(serviceDirectory, "src", "settings.js")], Path.Combine(serviceDirectory, "src"), validModel);

    private Answer Ask(IReadOnlyDictionary<string, string> settings)
    {
        var input = JsonSerializer.Serialize(settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary());
        return _answers.GetOrAdd(input, Run);
    }

    private Answer Run(string input) =>
        JsonSerializer.Deserialize<Answer>(
            Command.Run(_program, _arguments, input, TimeSpan.FromSeconds(30), $"{_program} (the worker's interpreter, from its worker.json) is not installed"), Json)
        ?? throw new InvalidOperationException($"{_program} answered null");

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private sealed record Answer(IReadOnlyList<string> Asked, string? Error);

    // The environment is a dict that notes every key asked of it; SettingsError is the module's
    // word for a setting it cannot run with.
    private const string PythonScript = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from simul_worker.settings import Settings, SettingsError
        class Noting(dict):
            asked = set()
            def get(self, key, default=None):
                self.asked.add(key)
                return super().get(key, default)
            def __getitem__(self, key):
                self.asked.add(key)
                return super().__getitem__(key)
        environ = Noting(json.load(sys.stdin))
        try:
            Settings.read([], environ)
            error = None
        except SettingsError as e:
            error = str(e)
        print(json.dumps({"asked": sorted(environ.asked), "error": error}))
        """;

    private const string NodeScript = """
        import { pathToFileURL } from 'node:url';
        import { readFileSync } from 'node:fs';
        const { readSettings, SettingsError } = await import(pathToFileURL(process.argv[1]));
        const asked = new Set();
        const environ = new Proxy(JSON.parse(readFileSync(0, 'utf8')), { get: (values, key) => { asked.add(key); return values[key]; } });
        let error = null;
        try {
          readSettings([], environ);
        } catch (e) {
          if (!(e instanceof SettingsError)) throw e;
          error = e.message;
        }
        console.log(JSON.stringify({ asked: [...asked].filter((k) => typeof k === 'string'), error }));
        """;

    [GeneratedRegex("OTEL_[A-Z_]*[A-Z]")]
    private static partial Regex OtelName();
}

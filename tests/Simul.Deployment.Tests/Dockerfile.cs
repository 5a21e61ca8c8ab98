using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simul.Deployment.Tests;

/// <summary>What the last stage of a Dockerfile gives its image: ENV, EXPOSE, HEALTHCHECK, ENTRYPOINT
/// and CMD, with the stage's build args ($NAME, ${NAME}) put into ENV and EXPOSE as Docker does.</summary>
public sealed partial record Dockerfile(
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<int> Exposed,
    HealthProbe? HealthCheck,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd)
{
    /// <param name="buildArgs">The build args given (a compose service's build.args); an ARG
    /// without one takes its default.</param>
    public static Dockerfile Parse(string text, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var instructions = Logical(text).ToList();
        var last = instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var exposed = new List<int>();
        HealthProbe? health = null;
        IReadOnlyList<string> entrypoint = [], cmd = [];
        foreach (var line in instructions.Skip(last + 1))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (keyword, rest) = space < 0 ? (line, "") : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            switch (keyword)
            {
                case "ARG":
                    var (name, value) = rest.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (rest[..at], rest[(at + 1)..]) : (rest, "");
                    args[name] = buildArgs?.GetValueOrDefault(name) ?? value;
                    break;
                case "ENV":
                    foreach (var pair in rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    {
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        if (eq > 0)
                        {
                            env[pair[..eq]] = Expand(pair[(eq + 1)..], args, env);
                        }
                    }

                    break;
                case "EXPOSE":
                    exposed.AddRange(Expand(rest, args, env).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                case "HEALTHCHECK":
                    health = rest.StartsWith("NONE", StringComparison.OrdinalIgnoreCase) ? null : Probe("HEALTHCHECK", rest);
                    break;
                case "ENTRYPOINT":
                    entrypoint = Exec(rest);
                    break;
                case "CMD":
                    cmd = Exec(rest);
                    break;
            }
        }

        return new Dockerfile(env, exposed, health, entrypoint, cmd);
    }

    /// <summary>An HTTP request written by hand in a shell health check: bash's
    /// <c>/dev/tcp/HOST/PORT</c> (or a curl/wget URL) and the <c>GET PATH</c> it sends.</summary>
    public static HealthProbe Probe(string kind, string command)
    {
        if (TcpProbe().Match(command) is { Success: true } tcp && GetLine().Match(command) is { Success: true } get)
        {
            return new HealthProbe(kind, get.Groups[1].Value, int.Parse(tcp.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return UrlProbe().Match(command) is { Success: true } url
            ? new HealthProbe(kind, url.Groups[2].Value, int.Parse(url.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            : new HealthProbe(kind, "(no HTTP request found)", 0);
    }

    /// <summary>$NAME and ${NAME}: the stage's ENV, else its ARG; unknown ones are left as written.</summary>
    private static string Expand(string value, Dictionary<string, string> args, Dictionary<string, string> env) =>
        Variable().Replace(value, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return env.GetValueOrDefault(name) ?? args.GetValueOrDefault(name) ?? m.Value;
        });

    private static List<string> Exec(string rest) =>
        rest.StartsWith('[') ? JsonSerializer.Deserialize<List<string>>(rest) ?? [] : ["/bin/sh", "-c", rest];

    /// <summary>Instructions with their continuation lines joined, comments dropped.</summary>
    private static IEnumerable<string> Logical(string text)
    {
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                yield return current.Trim();
            }

            current = "";
        }
    }

    [GeneratedRegex(@"\$\{(\w+)\}|\$(\w+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"/dev/tcp/(?:127\.0\.0\.1|localhost)/(\d+)")]
    private static partial Regex TcpProbe();

    [GeneratedRegex(@"GET (\S+) HTTP/1\.[01]")]
    private static partial Regex GetLine();

    [GeneratedRegex(@"https?://(?:127\.0\.0\.1|localhost):(\d+)(/\S*?)[\s""']")]
    private static partial Regex UrlProbe();
}

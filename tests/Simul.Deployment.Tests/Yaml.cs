using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Simul.Deployment.Tests;

/// <summary>Small accessors over YamlDotNet's representation model: every scalar is a string;
/// merge keys (<c>&lt;&lt;: *anchor</c>, which docker-compose.yml uses) are resolved as compose resolves them.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? Path(this YamlNode? node, params string[] keys) =>
        keys.Aggregate(node, (current, key) => current.Get(key));

    public static string? Str(this YamlNode? node) => node is YamlScalarNode { Value: var v } ? v : null;

    public static string? Str(this YamlNode? node, string key) => node.Get(key).Str();

    public static IReadOnlyList<YamlNode> Seq(this YamlNode? node) =>
        node is YamlSequenceNode seq ? [.. seq.Children] : [];

    public static IReadOnlyList<YamlNode> Seq(this YamlNode? node, string key) => node.Get(key).Seq();

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.Select(kv => new KeyValuePair<string, YamlNode>(kv.Key.Str() ?? "", kv.Value))
            : [];

    /// <summary>A command written as a list, or as one string (split on white space).</summary>
    public static IReadOnlyList<string> Words(this YamlNode? node) => node switch
    {
        YamlSequenceNode seq => [.. seq.Children.Select(c => c.Str() ?? "")],
        YamlScalarNode { Value: { } v } => v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };
}

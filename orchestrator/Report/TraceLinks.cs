namespace Simul.Orchestrator.Report;

/// <summary>
/// A trace's page in a trace UI, from a template with <c>{trace_id}</c> in it: Jaeger's
/// <c>http://localhost:16686/trace/{trace_id}</c> (the default, for docker compose), the Aspire
/// dashboard's <c>http://127.0.0.1:PORT/traces/detail/{trace_id}</c> (<c>--dashboard</c>). A
/// template without the placeholder is taken as a Jaeger address. Only http(s) makes a link.
/// </summary>
public static class TraceLinks
{
    public const string Placeholder = "{trace_id}";
    public const string Jaeger = "http://localhost:16686/trace/" + Placeholder;

    public static string? Href(string? template, string traceId)
    {
        if (template is null)
        {
            return null;
        }

        var href = template.Contains(Placeholder, StringComparison.Ordinal)
            ? template.Replace(Placeholder, Uri.EscapeDataString(traceId), StringComparison.Ordinal)
            : $"{template.TrimEnd('/')}/trace/{Uri.EscapeDataString(traceId)}";
        return Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? href
            : null;
    }
}

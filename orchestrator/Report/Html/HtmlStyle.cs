namespace Simul.Orchestrator.Report.Html;

/// <summary>The page's whole style sheet, inline so the page works offline and from a mail
/// attachment; system fonts only, no web fonts to fetch.</summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bad: #b91c1c; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f8fafc; }
        header, main { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
        header { padding-top: 20px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 0 0 4px; }
        h3 { font-size: 16px; margin: 22px 0 6px; padding-top: 10px; border-top: 1px solid var(--line); }
        h4 { font-size: 13px; margin: 14px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        p { margin: 4px 0; }
        .muted { color: var(--muted); }
        .error { color: var(--bad); }
        .bad { color: var(--bad); font-weight: 600; }
        nav a { margin-right: 14px; }
        .phases { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 10px 0 0; padding: 10px 12px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        .phases span { white-space: nowrap; }
        .scenario { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 20px 0; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-start; }
        .charts > div { min-width: 0; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #374151; }
        svg text.tick { fill: #6b7280; font-size: 11px; }
        svg text.axis { fill: #6b7280; font-size: 12px; }
        svg text.bar-label { font-weight: 600; font-size: 13px; }
        svg text.in-bar { fill: #111827; font-size: 11px; }
        svg text.total { font-weight: 600; }
        svg text.mark { fill: #fff; font-weight: 700; font-size: 11px; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 12px; }
        th, td { padding: 4px 5px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        th { background: #f3f4f6; font-weight: 600; white-space: normal; vertical-align: bottom; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        td.model { font-weight: 600; }
        td.wrap { white-space: normal; }
        tr.failed td { background: #fef2f2; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
        ul.story { margin: 6px 0; padding: 0; list-style: none; font-size: 15px; }
        ul.notes { margin: 6px 0; padding-left: 20px; }
        ul.notes li.bad { color: var(--bad); }
        details { margin: 8px 0; }
        summary { cursor: pointer; color: var(--muted); font-weight: 600; }
        code { font-size: 11.5px; }
        """;
}

namespace Simul.Orchestrator.Report.Svg;

/// <summary>The colours of a chart's frame, kept quiet so the data stands out.</summary>
internal static class ChartColors
{
    public const string Grid = "#e5e7eb", Axis = "#6b7280", Text = "#374151", Mark = "#b91c1c";
}

using Spectre.Console;

namespace Simul.Orchestrator.Commands;

internal static class Terminal
{
    /// <summary>The console the commands write to; piped or logged (docker logs, CI) there is no
    /// terminal to measure, so lines are not wrapped at 80 columns.</summary>
    public static IAnsiConsole Console()
    {
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}

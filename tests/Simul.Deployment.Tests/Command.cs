using System.ComponentModel;
using System.Diagnostics;

namespace Simul.Deployment.Tests;

/// <summary>A program the checks run to ask something (kubectl, a worker's interpreter): its
/// standard output, or an exception that says what failed, with its standard error.</summary>
public static class Command
{
    /// <param name="missing">Said when the program cannot be started at all (not installed).</param>
    public static string Run(string program, IEnumerable<string> arguments, string? input, TimeSpan timeout, string missing)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var what = $"{program} {string.Join(" ", start.ArgumentList.Where(a => !a.Contains('\n', StringComparison.Ordinal)))}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{missing} ({e.Message})", e);
        }

        using (process)
        {
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{what} took more than {timeout.TotalSeconds} s");
            }

            return process.ExitCode == 0
                ? output.Result
                : throw new InvalidOperationException($"{what} failed (exit {process.ExitCode}): {errors.Result}");
        }
    }
}

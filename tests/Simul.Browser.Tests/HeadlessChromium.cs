using Microsoft.Playwright;

namespace Simul.Browser.Tests;

/// <summary>
/// Debian's Chromium, driven by Playwright with the flags this machine needs (no sandbox as root,
/// no background networking: the network is closed and Chromium would keep trying). Pages record
/// the console errors they print, and screenshots land in artifacts/ at the repository root.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static bool Installed => File.Exists(Executable);

    public static string Artifacts { get; } = Path.Combine(Simul.Orchestrator.Local.RepoLayout.Root ?? Path.GetTempPath(), "artifacts");

    public async Task InitializeAsync()
    {
        if (!Installed)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
    }

    /// <summary>A new page, with every console error and page error it shows collected.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(int width = 1280, int height = 900)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    public static string ScreenshotPath(string name)
    {
        Directory.CreateDirectory(Artifacts);
        return Path.Combine(Artifacts, name);
    }
}

using Microsoft.Playwright;

namespace Backbeat.Node.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (a Playwright browser download does not work on these
/// machines). Missing Chromium fails the tests that need it with a message that says how to install it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _missing;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            _missing = $"Chromium is missing at {ExecutablePath}: install it as root with `apt-get install -y chromium` (./build.sh test does this)";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A fresh page (its own context) at a desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (_missing is not null)
        {
            throw new InvalidOperationException(_missing);
        }

        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Debian's chromium, launched headless through Playwright (which never downloads a browser here).</summary>
public static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is needed (apt-get install chromium; .ci/run installs it)");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Root in a container needs --no-sandbox; the rest keep chromium from calling out to Google's hosts.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }
}

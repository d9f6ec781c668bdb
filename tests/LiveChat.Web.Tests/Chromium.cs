namespace LiveChat.Web.Tests;

/// <summary>
/// Debian's chromium, the only browser these tests use (scripts/install-browser.sh installs it).
/// Locally a missing browser skips the tests with a clear message; in CI (CI=true) it fails them.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string MissingMessage =
        $"{ExecutablePath} is missing: run scripts/install-browser.sh (apt-get install chromium) to run the browser tests.";

    public static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"],
    };
}

/// <summary>A browser test: skipped with a message when chromium is missing locally, run (and failing) in CI.</summary>
public sealed class WebFactAttribute : FactAttribute
{
    public WebFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.InCi) Skip = Chromium.MissingMessage;
    }
}

namespace LiveChat.Web.Tests;

/// <summary>
/// One gateway process and one headless chromium for all browser tests; each test opens its own
/// browser contexts (one per person: separate storage, separate sign-in).
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public static string ArtifactsFolder { get; } = Path.Combine(GatewayProcess.RepositoryRoot, "artifacts", "web-tests");

    public const string VisitorSite = "web-shop";
    public const string VisitorSiteSecret = "web-shop-visitor-secret-0123456789-abcdefgh";

    private GatewayProcess? _gateway;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl => (_gateway ?? throw new InvalidOperationException(Chromium.MissingMessage)).BaseUrl;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            // Locally the tests are skipped (WebFact); in CI a missing browser is a failure.
            if (Chromium.InCi) throw new InvalidOperationException($"CI=true and {Chromium.MissingMessage}");
            return;
        }
        Assertions.SetDefaultExpectTimeout(15_000);
        var gateway = GatewayProcess.StartAsync(Path.Combine(ArtifactsFolder, "gateway.log"), settings: new Dictionary<string, string>
        {
            // One host website that may vouch for its visitors (IdentifiedVisitorPageTests).
            [$"Gateway__Visitors__Sites__{VisitorSite}__Secret"] = VisitorSiteSecret,
        });
        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions);
        }
        finally
        {
            _gateway = await gateway;
        }
    }

    /// <summary>A new browser context and page for one person, on the gateway's origin.</summary>
    public Task<BrowserSession> OpenAsync(string person, bool phone = false, bool recordNotifications = false) =>
        BrowserSession.OpenAsync(_browser ?? throw new InvalidOperationException(Chromium.MissingMessage), BaseUrl, person, phone, recordNotifications);

    /// <summary>A new browser context and page on another gateway (a test's own process).</summary>
    public Task<BrowserSession> OpenOnAsync(string baseUrl, string person) =>
        BrowserSession.OpenAsync(_browser ?? throw new InvalidOperationException(Chromium.MissingMessage), baseUrl, person, phone: false, recordNotifications: false);

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_gateway is not null) await _gateway.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "Web consoles";
}

namespace LiveChat.Web.Tests;

/// <summary>
/// One person's browser: its own context (storage, sign-in) and page. Records uncaught page
/// errors, console errors, Content-Security-Policy violations and every URL the page requested
/// (to prove nothing comes from a CDN).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    // Every CSP violation reaches the console, whatever the browser prints for it by itself.
    private const string CspViolationReporter = """
        document.addEventListener('securitypolicyviolation', e =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    // Records browser notifications instead of showing them (R11: "a browser notification").
    private const string NotificationRecorder = """
        (() => {
          const shown = [];
          window.__notifications = shown;
          window.Notification = class {
            constructor(title, options) { shown.push({ title, body: (options && options.body) || '' }); }
            close() {}
            static get permission() { return 'granted'; }
            static requestPermission() { return Promise.resolve('granted'); }
          };
        })();
        """;

    private BrowserSession(string person, IBrowserContext context, IPage page)
    {
        Person = person;
        Context = context;
        Page = page;
    }

    public string Person { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public List<string> PageErrors { get; } = [];
    public List<string> ConsoleErrors { get; } = [];
    public List<string> RequestedUrls { get; } = [];
    public List<string> CspViolations { get; } = [];

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, string baseUrl, string person, bool phone, bool recordNotifications)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1440, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        if (recordNotifications) await context.AddInitScriptAsync(NotificationRecorder);
        await context.AddInitScriptAsync(CspViolationReporter);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(person, context, page);
        page.PageError += (_, error) => { lock (session.PageErrors) session.PageErrors.Add(error); };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (session.ConsoleErrors) session.ConsoleErrors.Add(message.Text);
            if (message.Text.Contains("CSP violation", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                lock (session.CspViolations) session.CspViolations.Add(message.Text);
        };
        page.Request += (_, request) => { lock (session.RequestedUrls) session.RequestedUrls.Add(request.Url); };
        return session;
    }

    /// <summary>
    /// Saves a screenshot under artifacts/web-tests/screenshots/. With <paramref name="docsName"/>,
    /// also copies it to docs/screenshots/ for the README when that copy is missing or when
    /// LIVECHAT_UPDATE_SCREENSHOTS=1 (so ordinary runs leave committed images alone).
    /// </summary>
    public async Task ScreenshotAsync(string name, string? docsName = null)
    {
        var path = Path.Combine(WebFixture.ArtifactsFolder, "screenshots", $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Toasts fade after a few seconds: wait them out so the picture shows the page itself.
        await Expect(Page.Locator(".toast")).ToHaveCountAsync(0);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        if (docsName is null) return;
        var docs = Path.Combine(GatewayProcess.RepositoryRoot, "docs", "screenshots", $"{docsName}.png");
        if (!File.Exists(docs) || Environment.GetEnvironmentVariable("LIVECHAT_UPDATE_SCREENSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(path, docs, overwrite: true);
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

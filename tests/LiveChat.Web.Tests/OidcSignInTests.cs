namespace LiveChat.Web.Tests;

using System.Text.RegularExpressions;
using LiveChat.Testing.Processes;

/// <summary>
/// The gateway configured for a real OpenID provider (tests/OidcProvider on a free loopback port,
/// access tokens living 20 s so a renewal happens within the test) and a chromium of its own.
/// </summary>
public sealed class OidcWebFixture : IAsyncLifetime
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(20);

    private OidcProviderProcess? _provider;
    private GatewayProcess? _gateway;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl => (_gateway ?? throw new InvalidOperationException(Chromium.MissingMessage)).BaseUrl;
    public string Issuer => _provider!.Issuer;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            if (Chromium.InCi) throw new InvalidOperationException($"CI=true and {Chromium.MissingMessage}");
            return;
        }
        if (!OidcProviderProcess.IsInstalled()) throw new InvalidOperationException(OidcProviderProcess.NotInstalled);
        var port = FreePorts.One();
        _provider = await OidcProviderProcess.StartAsync([$"http://127.0.0.1:{port}"], "livechat-consoles", AccessTokenLifetime);
        _gateway = await GatewayProcess.StartAsync(Path.Combine(WebFixture.ArtifactsFolder, "gateway-oidc.log"), httpPort: port, settings: new Dictionary<string, string>
        {
            ["Gateway__Auth__Authority"] = _provider.Issuer,
            ["Gateway__Auth__ClientId"] = OidcProviderProcess.ClientId,
            ["Gateway__Auth__Resource"] = OidcProviderProcess.Resource,
        }, provider: _provider);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions);
    }

    public Task<BrowserSession> OpenAsync(string person) =>
        BrowserSession.OpenAsync(_browser ?? throw new InvalidOperationException(Chromium.MissingMessage), BaseUrl, person, phone: false, recordNotifications: false);

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>
/// Issue items 1–2 in the browser: the agent console signs in on the provider's own login page
/// (authorization code + PKCE), works a chat, renews its token without losing the chat or the hub
/// connection, and signs out of the provider too.
/// </summary>
[Collection(WebCollection.Name)] // one browser test at a time on this machine
public sealed class OidcSignInTests(OidcWebFixture web, ITestOutputHelper output) : IClassFixture<OidcWebFixture>
{
    [WebFact]
    public async Task Auth_an_agent_signs_in_at_the_provider_works_a_chat_through_a_token_renewal_and_signs_out()
    {
        await using var endUser = await web.OpenAsync("end user");
        await using var alice = await web.OpenAsync("alice");
        try
        {
            var eu = endUser.Page;
            await eu.GotoAsync("/");
            await eu.GetByLabel("Your name").FillAsync("Pat Customer");
            await eu.GetByLabel("Billing").CheckAsync();
            await eu.GetByLabel("Your question").FillAsync("My invoice is wrong");
            await eu.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
            var euTranscript = eu.Locator("#transcript");
            await Expect(euTranscript).ToContainTextAsync("My invoice is wrong");
            var chatId = await eu.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");

            // Sign-in happens on the provider's page, not the console's. Its built-in pages import a
            // web font: refused here, this machine has no internet.
            var a = alice.Page;
            await alice.Context.RouteAsync("https://fonts.googleapis.com/**", route => route.AbortAsync());
            await a.GotoAsync("/agent.html");
            await Expect(a.GetByRole(AriaRole.Button, new() { Name = "Sign in as alice" })).ToHaveCountAsync(0);
            await a.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(a).ToHaveURLAsync(StartsWith(web.Issuer));
            await a.Locator("input[name=login]").FillAsync("alice");
            await a.Locator("input[name=password]").FillAsync("any password");
            await a.Locator("button[type=submit]").ClickAsync();
            await Expect(a).ToHaveURLAsync(StartsWith(web.BaseUrl + "/agent.html"));
            await Expect(a.Locator("#me-name")).ToHaveTextAsync("Alice Archer");
            await Expect(a.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
            Assert.DoesNotContain("code=", a.Url); // the code left the address bar

            await a.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
            await a.Locator($".waiting-item[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = $"Accept chat {chatId[..6]}" }).ClickAsync();
            var panel = a.Locator("article.chat-panel");
            await Expect(panel).ToHaveAttributeAsync("data-role", "Assignee");
            var message = panel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
            await message.FillAsync("Hi Pat, let me check.");
            await message.PressAsync("Enter");
            await Expect(euTranscript.Locator(".entry.in")).ToContainTextAsync(["Hi Pat, let me check."]);

            // The access token lives 20 s: the console renews it by itself (an event, not a sleep).
            var before = await TokenOf(a);
            await Expect(a.Locator("body")).ToHaveAttributeAsync("data-token-renewals", "1", new() { Timeout = 40_000 });
            var after = await TokenOf(a);
            Assert.NotEqual(before, after);

            // Same chat, same hub connection: pushes still arrive, and posting uses the new token.
            await Expect(a.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
            var euMessage = eu.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
            await euMessage.FillAsync("Still there?");
            await euMessage.PressAsync("Enter");
            await Expect(panel.Locator(".transcript")).ToContainTextAsync("Still there?");
            await message.FillAsync("Yes, the refund is on its way.");
            await message.PressAsync("Enter");
            await Expect(euTranscript.Locator(".entry.in")).ToContainTextAsync(["Hi Pat, let me check.", "Yes, the refund is on its way."]);

            // Sign-out ends the provider's session too and comes back signed out.
            await a.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(a).ToHaveURLAsync(StartsWith(web.Issuer));
            await a.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
            await Expect(a).ToHaveURLAsync(StartsWith(web.BaseUrl + "/agent.html"));
            await Expect(a.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
            Assert.Null(await TokenOf(a));
            Assert.Empty(alice.PageErrors);
        }
        finally
        {
            foreach (var person in new[] { endUser, alice })
            {
                foreach (var error in person.PageErrors) output.WriteLine($"[{person.Person}] page error: {error}");
                foreach (var error in person.ConsoleErrors) output.WriteLine($"[{person.Person}] console: {error}");
            }
        }
    }

    /// <summary>
    /// The page's address starting so, for an assertion that polls it. Not WaitForURLAsync: it reads
    /// the address and then subscribes to the next navigation, so a navigation landing in between
    /// (a script's location.assign racing the call, seen under CPU stress) is missed and it times out.
    /// </summary>
    private static Regex StartsWith(string prefix) => new("^" + Regex.Escape(prefix));

    private static Task<string?> TokenOf(IPage page) =>
        page.EvaluateAsync<string?>("() => JSON.parse(sessionStorage.getItem('livechat.agent') ?? 'null')?.token ?? null");
}

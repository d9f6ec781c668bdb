namespace LiveChat.Testing.Processes;

using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;

/// <summary>
/// Signs in at the test OpenID provider the way a console does (authorization code + PKCE, public
/// client), driving its login page over HTTP instead of a browser: the tokens are the provider's own.
/// </summary>
public static partial class OidcLogin
{
    public sealed record Tokens(string AccessToken, string? RefreshToken, string IdToken);

    public static async Task<Tokens> SignIn(string issuer, string login, string redirectUri = "http://localhost/agent.html")
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(issuer) };
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = OidcProviderProcess.ClientId, ["response_type"] = "code", ["redirect_uri"] = redirectUri,
            ["scope"] = "openid profile email offline_access livechat", ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256", ["state"] = "state-1", ["nonce"] = "nonce-1", ["resource"] = OidcProviderProcess.Resource,
        };
        var response = await http.GetAsync("/auth?" + await new FormUrlEncodedContent(query).ReadAsStringAsync());
        string? code = null;
        // Follow the provider's redirects; answer its login page once; stop at the redirect back to the console.
        for (var step = 0; step < 10 && code is null; step++)
        {
            if (response.StatusCode is HttpStatusCode.OK)
            {
                var action = FormAction().Match(await response.Content.ReadAsStringAsync());
                if (!action.Success) throw new InvalidOperationException("The provider's page has no form: " + await response.Content.ReadAsStringAsync());
                response = await http.PostAsync(WebUtility.HtmlDecode(action.Groups[1].Value), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["prompt"] = "login", ["login"] = login, ["password"] = "any password",
                }));
                continue;
            }
            var location = response.Headers.Location ?? throw new InvalidOperationException($"{(int)response.StatusCode} without a redirect: {await response.Content.ReadAsStringAsync()}");
            var target = location.IsAbsoluteUri ? location : new Uri(new Uri(issuer), location);
            if (target.AbsoluteUri.StartsWith(redirectUri, StringComparison.Ordinal))
            {
                var parameters = System.Web.HttpUtility.ParseQueryString(target.Query);
                code = parameters["code"] ?? throw new InvalidOperationException("Sign-in refused: " + target.Query);
                break;
            }
            response = await http.GetAsync(target);
        }
        if (code is null) throw new InvalidOperationException("The sign-in did not come back to the console.");
        var tokenResponse = await http.PostAsync("/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri,
            ["client_id"] = OidcProviderProcess.ClientId, ["code_verifier"] = verifier,
        }));
        var body = await tokenResponse.Content.ReadAsStringAsync();
        if (!tokenResponse.IsSuccessStatusCode) throw new InvalidOperationException("Token endpoint: " + body);
        var tokens = JsonDocument.Parse(body).RootElement;
        return new Tokens(tokens.GetProperty("access_token").GetString()!,
            tokens.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            tokens.GetProperty("id_token").GetString()!);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();
}

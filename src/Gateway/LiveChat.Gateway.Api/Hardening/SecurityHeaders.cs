namespace LiveChat.Gateway.Hardening;

using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

/// <summary>
/// Headers on every answer, pages and API alike: a Content-Security-Policy that allows only this
/// origin's own scripts and styles (the pages have no inline script or style), no framing, no
/// MIME sniffing, no referrer. The API reference page (/api-docs) gets its own policy
/// (<see cref="ApiReference.ContentSecurityPolicy"/>). API answers, problems and probes are never cached.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>
    /// The pages' policy. With an OpenID provider the consoles fetch its discovery document and
    /// token endpoint from the browser, so its origin (and only it) joins connect-src.
    /// </summary>
    public static string ContentSecurityPolicyFor(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? ContentSecurityPolicy.Replace("connect-src 'self';", $"connect-src 'self' {uri.GetLeftPart(UriPartial.Authority)};", StringComparison.Ordinal)
            : ContentSecurityPolicy;

    /// <summary>
    /// The Orleans Dashboard (supervisors only, behind a token) is a third-party page that needs
    /// inline styles and scripts; it still may not be framed.
    /// </summary>
    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private static readonly string[] UncachedPrefixes = ["/api", "/hubs", "/health", "/openapi", "/metrics", "/dashboard"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var pagesPolicy = ContentSecurityPolicyFor(app.ApplicationServices.GetRequiredService<IOptions<GatewayAuthOptions>>().Value.Authority);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = http.Request.Path.StartsWithSegments("/dashboard")
                    ? DashboardContentSecurityPolicy
                    : http.Request.Path.StartsWithSegments(ApiReference.Path)
                        ? ApiReference.ContentSecurityPolicy(ApiReference.NonceOf(http))
                        : pagesPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers[HeaderNames.XFrameOptions] = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (IsUncached(http)) headers[HeaderNames.CacheControl] = "no-store";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    private static bool IsUncached(HttpContext http) =>
        UncachedPrefixes.Any(p => http.Request.Path.StartsWithSegments(p))
        || http.Response.ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true;
}

namespace LiveChat.Gateway.OpenApi;

using Scalar.AspNetCore;

/// <summary>
/// The browsable API reference at /api-docs (Scalar), over the served /openapi/v1.json. Its script
/// comes from the gateway itself (bundled in the package); no fonts, telemetry or AI agent from
/// elsewhere. The page's inline start-up script carries a fresh nonce per request, which
/// <see cref="Hardening.SecurityHeaders"/> puts into this page's Content-Security-Policy.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api-docs";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options => options
            .WithTitle("LiveChat.Orleans API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .WithNonce()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .AddPreferredSecuritySchemes([OpenApiContract.BearerScheme]));

    /// <summary>The nonce Scalar put on this response's script tags, if this is the reference page.</summary>
    public static string? NonceOf(HttpContext http) =>
        http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;

    /// <summary>
    /// The reference page's policy: the pages' policy, plus its own nonce for the inline start-up
    /// script and inline styles (the reference sets element styles as it renders).
    /// </summary>
    public static string ContentSecurityPolicy(string? nonce) =>
        "default-src 'self'; " +
        (nonce is null ? "script-src 'self'; " : $"script-src 'self' 'nonce-{nonce}'; ") +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
}

namespace LiveChat.Gateway.Auth;

/// <summary>
/// A credential that is sent but empty (<c>Authorization: Bearer</c> with no token, the hub's
/// <c>access_token=</c> with no value) is refused as a 401 problem (rule "Auth"), never taken for
/// no credential at all: an anonymous route would otherwise serve a client that believes it is
/// signed in, and a broken client would learn nothing about its bug.
/// </summary>
internal static class EmptyCredentials
{
    public static IApplicationBuilder UseEmptyCredentialRefusal(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var request = http.Request;
        foreach (var header in request.Headers.Authorization)
        {
            var value = (header ?? "").Trim();
            if (value.Length == 0)
                throw Refused("The Authorization header is empty: send 'Bearer <token>' or no Authorization header.");
            if (value.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
                || (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && value["Bearer ".Length..].Trim().Length == 0))
                throw Refused("The bearer token is empty: send a token or no Authorization header.");
        }
        if (request.Query.TryGetValue("access_token", out var query) && query.Any(string.IsNullOrWhiteSpace))
            throw Refused("The access_token query parameter is empty: send a token or leave the parameter out.");
        return next(http);
    });

    private static RuleViolationException Refused(string reason) => new(Rules.Auth, RefusalKind.Unauthenticated, reason);
}

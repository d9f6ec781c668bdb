namespace LiveChat.Gateway.Auth;

/// <summary>
/// Identified visitors, section "Gateway:Visitors": each host website that may vouch for its
/// customers has a site id and a secret shared with that site's server. The site signs a short
/// JWT naming the customer; the end-user page hands it over when the chat starts.
/// </summary>
public sealed class VisitorIdentityOptions
{
    public const string Section = "Gateway:Visitors";

    /// <summary>The audience every visitor token must name, so a token made for another purpose is never taken.</summary>
    public const string Audience = "livechat-visitor";

    /// <summary>Site id (the token's "iss") → its settings.</summary>
    public Dictionary<string, VisitorSite> Sites { get; set; } = [];

    /// <summary>The longest a visitor token may live (exp − iat): a copied link stops working soon.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class VisitorSite
{
    /// <summary>HMAC-SHA256 secret of at least 32 characters, known only to this gateway and the site's server.</summary>
    public string? Secret { get; set; }
}

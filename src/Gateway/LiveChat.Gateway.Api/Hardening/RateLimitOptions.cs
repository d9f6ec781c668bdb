namespace LiveChat.Gateway.Hardening;

/// <summary>
/// Request limits (<c>Gateway:RateLimits</c>), per client: a person typing never meets them, a
/// script does. Every HTTP request passes <see cref="Global"/>; the routes a script would hammer
/// also pass their own, tighter rule. Anonymous requests count per client address, signed-in ones
/// per token subject (agent, or the end user's chat).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Off only for load measurements and tests that need it: nothing is counted.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Behind a reverse proxy every connection comes from the proxy: with this set, the client
    /// address is the last X-Forwarded-For entry (the one the proxy appended). Leave it off when
    /// clients reach the gateway directly, or anyone could pick their own address.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>Every HTTP request, static files included (a console loads about 15 files).</summary>
    public RateLimitRule Global { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>POST /api/enduser/chats, per client address: each start puts a chat in a queue.</summary>
    public RateLimitRule ChatStart { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>POST /api/auth/demo-sign-in, per client address.</summary>
    public RateLimitRule SignIn { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>POST /api/enduser/chat/messages, per chat.</summary>
    public RateLimitRule EndUserMessages { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Attachment uploads (agents and end users), per token subject.</summary>
    public RateLimitRule Uploads { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>SignalR hub method calls (WatchChat, Typing, ...), per token subject.</summary>
    public RateLimitRule HubInvocations { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    public IEnumerable<(string Name, RateLimitRule Rule)> Rules()
    {
        yield return (nameof(Global), Global);
        yield return (nameof(ChatStart), ChatStart);
        yield return (nameof(SignIn), SignIn);
        yield return (nameof(EndUserMessages), EndUserMessages);
        yield return (nameof(Uploads), Uploads);
        yield return (nameof(HubInvocations), HubInvocations);
    }

    /// <summary>Why these options cannot run, or null.</summary>
    public string? Problem() =>
        Rules().Where(r => r.Rule.PermitLimit < 1 || r.Rule.Window <= TimeSpan.Zero || r.Rule.QueueLimit < 0)
            .Select(r => $"{Section}:{r.Name} needs PermitLimit >= 1, a positive Window and QueueLimit >= 0.")
            .FirstOrDefault();
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/> (fixed windows); <see cref="QueueLimit"/> more wait for the next window instead of being refused.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
    public int QueueLimit { get; set; }
}

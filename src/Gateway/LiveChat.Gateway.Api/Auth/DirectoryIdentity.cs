namespace LiveChat.Gateway.Auth;

using System.Collections.Concurrent;
using System.Security.Claims;
using LiveChat.Gateway.Endpoints;

/// <summary>
/// Turns a validated agent token into the directory's view of that agent: the token only names
/// the agent (by the configured claim); its role, permissions and queues come from the agent
/// grain. Unknown and disabled agents are refused. A lookup is reused for at most
/// <see cref="MaxAge"/>, so a directory change (a role, a disabled agent) holds for the next
/// request a second later at the latest, while a busy console costs one grain call per second.
/// </summary>
public sealed class DirectoryIdentity(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private const int Capacity = 50_000;

    private readonly ConcurrentDictionary<string, Looked> _looked = new(StringComparer.Ordinal);

    /// <summary>The agent a claim value names (an agent id, or an email for AgentIdClaim=email), or why not.</summary>
    public async Task<(AgentSnapshot? Agent, string? Refusal)> Resolve(string claim, string value)
    {
        // Longer than any agent can have (an agent id is a grain id; emails follow the directory's
        // limit): refused here rather than activating an agent grain that can only say "nobody".
        var longest = claim == "email" ? ChatLimits.MaxEmailLength : ChatLimits.MaxIdLength;
        if (string.IsNullOrWhiteSpace(value) || value.Length > longest) return (null, $"The token has no usable '{claim}' claim.");
        var key = claim + "\n" + value;
        var now = time.GetUtcNow();
        if (!_looked.TryGetValue(key, out var looked) || now - looked.At > MaxAge || now < looked.At)
        {
            looked = new Looked(await Find(claim, value), now);
            if (_looked.Count >= Capacity) _looked.Clear();
            _looked[key] = looked;
        }
        return looked.Agent switch
        {
            null => (null, "This account is not an agent of the directory."),
            { Registration.Disabled: true } => (null, "This agent is disabled in the directory."),
            var agent => (agent, null),
        };
    }

    /// <summary>
    /// Drops what is remembered of an agent the moment its directory entry changed (pushed by its
    /// grain), so its next request is decided on the new entry, not up to a second later.
    /// </summary>
    public void Forget(string agentId)
    {
        foreach (var (key, looked) in _looked)
            if (looked.Agent?.AgentId == agentId || key.EndsWith("\n" + agentId, StringComparison.Ordinal))
                _looked.TryRemove(key, out _);
    }

    private async Task<AgentSnapshot?> Find(string claim, string value)
    {
        if (claim != "email") return await grains.Agent(value).Peek();
        // An email names the agent through the lookup the agent grain keeps on Register; the
        // agent's own registration must still say that email (a stale lookup names nobody).
        var agentId = await grains.AgentEmail(AgentEmail.Normalize(value)).Find();
        if (agentId is null) return null;
        var agent = await grains.Agent(agentId).Peek();
        return agent is not null && AgentEmail.Normalize(agent.Registration.Profile.Email) == AgentEmail.Normalize(value) ? agent : null;
    }

    /// <summary>The principal the gateway authorizes: the agent's id, name, and the directory's role and permissions.</summary>
    public static ClaimsPrincipal PrincipalOf(AgentSnapshot agent, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(LiveChatClaims.Subject, agent.AgentId),
            new(LiveChatClaims.Role, LiveChatClaims.RoleOf(agent.Registration.Role)),
            new("name", agent.Registration.Profile.FullName),
        };
        claims.AddRange(agent.Registration.Permissions.Select(p => new Claim(LiveChatClaims.Permission, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, LiveChatClaims.Subject, LiveChatClaims.Role));
    }

    private sealed record Looked(AgentSnapshot? Agent, DateTimeOffset At);
}

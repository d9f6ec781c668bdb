namespace LiveChat.Gateway.Auth;

using System.Collections.Concurrent;
using System.Security.Claims;
using LiveChat.Gateway.Endpoints;
using Microsoft.AspNetCore.Authentication.JwtBearer;

/// <summary>
/// Tokens live for hours, the directory changes at once: after its signature, every agent token
/// is checked against the agent's directory entry, remembered for at most <see cref="RememberFor"/>
/// per agent. A disabled or removed agent's next call fails authentication (401, ruleId "Auth");
/// <see cref="Forget"/> drops the remembered answer as soon as the gateway hears of a change.
/// </summary>
/// <remarks>
/// If the agent's grain cannot be reached (a silo restart), the call goes on: the grains it calls
/// still check the directory themselves, and an outage must not sign every console out.
/// </remarks>
public sealed class AgentSessionCheck(IGrainFactory grains, TimeProvider time, ILogger<AgentSessionCheck> logger)
{
    public static TimeSpan RememberFor { get; set; } = TimeSpan.FromMilliseconds(500);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (bool Allowed, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public static async Task OnTokenValidated(TokenValidatedContext context)
    {
        var user = context.Principal;
        if (user is null || user.IsEndUser() || user.FindFirstValue(LiveChatClaims.Subject) is not { } agentId) return;
        var check = context.HttpContext.RequestServices.GetRequiredService<AgentSessionCheck>();
        if (!await check.IsAllowed(agentId)) context.Fail("The agent is disabled or no longer in the directory.");
    }

    /// <summary>True while the agent exists in the directory and is not disabled.</summary>
    public async ValueTask<bool> IsAllowed(string agentId)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(agentId, out var known) && known.Until > now) return known.Allowed;
        bool allowed;
        try
        {
            allowed = await grains.Agent(agentId).Peek() is { Registration.Disabled: false };
        }
        catch (Exception error) when (error is not RuleViolationException)
        {
            logger.LogWarning(error, "Checking agent {AgentId} against the directory failed; the call goes on", agentId);
            return true;
        }
        if (_known.Count >= Capacity) _known.Clear();
        _known[agentId] = (allowed, now + RememberFor);
        return allowed;
    }

    public void Forget(string agentId) => _known.TryRemove(agentId, out _);
}

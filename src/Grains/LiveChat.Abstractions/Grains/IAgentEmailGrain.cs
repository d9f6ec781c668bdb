namespace LiveChat.Grains;

/// <summary>
/// Which agent holds an email address (key: <see cref="AgentEmail.Normalize"/> of the address),
/// so a gateway that names agents by their provider's "email" claim finds the agent id. Kept by
/// the agent grain on Register; the last agent registered with an address holds it. Readers
/// check the agent's own registration still names the address (a stale entry names nobody).
/// </summary>
[Alias("LiveChat.IAgentEmailGrain")]
public interface IAgentEmailGrain : IGrainWithStringKey
{
    [AlwaysInterleave, Alias("Find")] Task<string?> Find();
    [Alias("Claim")] Task Claim(string agentId);
    /// <summary>Forgets the address only if this agent still holds it.</summary>
    [Alias("Release")] Task Release(string agentId);
}

public static class AgentEmail
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

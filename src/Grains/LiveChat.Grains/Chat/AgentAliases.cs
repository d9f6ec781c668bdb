namespace LiveChat.Grains.Chat;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// How the end user names the agents of one chat: "agent-" and a keyed hash of the agent's id under
/// a random per-chat salt. Stable within the chat (the same agent keeps its alias, also after
/// leaving and coming back), unrelated across chats, and not reversible to a sign-in id without
/// the salt, which never leaves the chat grain.
/// </summary>
public static class AgentAliases
{
    private const string Prefix = "agent-";

    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static string Of(string salt, string agentId)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(Convert.FromBase64String(salt), Encoding.UTF8.GetBytes(agentId), hash);
        return Prefix + Convert.ToHexStringLower(hash[..6]);
    }
}

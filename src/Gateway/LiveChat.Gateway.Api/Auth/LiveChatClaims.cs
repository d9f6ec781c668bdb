namespace LiveChat.Gateway.Auth;

using System.Security.Claims;

/// <summary>
/// What an authenticated caller is. Identity comes from here only, never from a body or a route.
/// For agents, the role and permission claims are the directory's (<see cref="DirectoryIdentity"/>),
/// put there after the token was validated; a token's own role claims are dropped.
/// </summary>
public static class LiveChatClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Permission = "perm";
    public const string Chat = "chat";

    public const string AgentRole = "agent";
    public const string SupervisorRole = "supervisor";
    public const string AdminRole = "admin";
    public const string EndUserRole = "enduser";

    public const string AgentPolicy = "agent";
    public const string SupervisorPolicy = "supervisor";
    /// <summary>Supervisors' reports (RP2): supervisors and admins; the reports grain checks which queue.</summary>
    public const string ReportsPolicy = "reports";
    /// <summary>Directory administration (/api/admin): the directory grain checks the Admin role again.</summary>
    public const string AdminPolicy = "admin";
    public const string EndUserPolicy = "enduser";

    /// <summary>The role claim for a directory role: an agent's roles come from the directory, never from its token.</summary>
    public static string RoleOf(Model.AgentRole role) => role switch
    {
        Model.AgentRole.Supervisor => SupervisorRole,
        Model.AgentRole.Admin => AdminRole,
        _ => AgentRole,
    };

    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? throw new InvalidOperationException("An authenticated caller always has a subject.");

    /// <summary>The one chat an end user's token is scoped to.</summary>
    public static string ChatId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Chat) ?? throw new InvalidOperationException("An end user token always names its chat.");

    public static bool IsEndUser(this ClaimsPrincipal user) => user.HasClaim(Role, EndUserRole);
}

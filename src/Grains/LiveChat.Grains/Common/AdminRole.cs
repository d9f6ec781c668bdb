namespace LiveChat.Grains.Common;

/// <summary>
/// The "Admin" rule, checked by every grain an admin acts through (directory, webhooks, data
/// protection): the caller is an enabled agent with the Admin role, read from its agent grain at
/// the call, so a demotion or a disabling counts at once.
/// </summary>
internal static class AdminRole
{
    /// <param name="action">What only an admin does, as the refusal says it: "manages webhooks".</param>
    public static async Task Require(IGrainFactory grains, string adminId, string action)
    {
        Refuse.CheckId(Rules.Admin, adminId, "Admin id");
        var admin = await grains.Agent(adminId).Peek();
        if (admin is null || admin.Registration.Role != AgentRole.Admin || admin.Registration.Disabled)
            throw Refuse.Forbidden(Rules.Admin, $"Only an enabled agent with the Admin role {action}.");
    }
}

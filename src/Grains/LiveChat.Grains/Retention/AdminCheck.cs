namespace LiveChat.Grains.Retention;

using LiveChat.Grains.Common;

/// <summary>The directory's admin check (rule "Admin"), for the data-protection grains.</summary>
internal static class AdminCheck
{
    public static async Task Require(IGrainFactory grains, string adminId)
    {
        Refuse.CheckId(LifecycleRules.Admin, adminId, "Admin id");
        var admin = await GrainReferences<IAgentGrain>.Get(grains, adminId).Peek();
        if (admin is null || admin.Registration.Role != AgentRole.Admin || admin.Registration.Disabled)
            throw Refuse.Forbidden(LifecycleRules.Admin, "Only an enabled agent with the Admin role erases or exports end users' data and sets retention.");
    }

    /// <summary>Records a data-protection action in the directory's audit trail (E6); a failure to record is logged, the action stands.</summary>
    public static async Task Audit(IGrainFactory grains, ILogger logger, string adminId, string target, string action, string detail, bool failed = false)
    {
        try
        {
            await GrainReferences<IDirectoryGrain>.Get(grains, IDirectoryGrain.Key).RecordDataProtection(adminId, target, action, detail, failed);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Data-protection action {Action} on {Target} could not be audited", action, target);
        }
    }
}

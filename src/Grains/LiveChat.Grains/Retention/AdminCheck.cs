namespace LiveChat.Grains.Retention;

using LiveChat.Grains.Common;

/// <summary>The admin check (rule "Admin") and the audit line of the data-protection grains.</summary>
internal static class AdminCheck
{
    public static Task Require(IGrainFactory grains, string adminId) =>
        AdminRole.Require(grains, adminId, "erases or exports end users' data and sets retention");

    /// <summary>Records a data-protection action in the directory's audit trail (E6); a failure to record is logged, the action stands.</summary>
    public static async Task Audit(IGrainFactory grains, ILogger logger, string adminId, string target, string action, string detail, bool failed = false)
    {
        try
        {
            await grains.Directory().RecordDataProtection(adminId, target, action, detail, failed);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Data-protection action {Action} on {Target} could not be audited", action, target);
        }
    }
}

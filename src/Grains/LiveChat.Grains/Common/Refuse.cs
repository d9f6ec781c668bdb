namespace LiveChat.Grains.Common;

using LiveChat.Grains.Chat;

/// <summary>Builds the typed refusals every rule raises, so a grain reads as a list of checks.</summary>
internal static class Refuse
{
    public static RuleViolationException Invalid(string rule, string reason) => new(rule, RefusalKind.Invalid, reason);
    public static RuleViolationException Forbidden(string rule, string reason) => new(rule, RefusalKind.Forbidden, reason);
    public static RuleViolationException NotFound(string rule, string reason) => new(rule, RefusalKind.NotFound, reason);
    public static RuleViolationException Conflict(string rule, string reason) => new(rule, RefusalKind.Conflict, reason);

    // The same refusals for an action of the A-table, named by the action rather than its id again.
    public static RuleViolationException Invalid(ChatAction action, string reason) => Invalid(ChatPermissionTable.RuleId(action), reason);
    public static RuleViolationException Forbidden(ChatAction action, string reason) => Forbidden(ChatPermissionTable.RuleId(action), reason);
    public static RuleViolationException NotFound(ChatAction action, string reason) => NotFound(ChatPermissionTable.RuleId(action), reason);
    public static RuleViolationException Conflict(ChatAction action, string reason) => Conflict(ChatPermissionTable.RuleId(action), reason);
    public static string CheckText(ChatAction action, string? text, string what = "Text") => CheckText(ChatPermissionTable.RuleId(action), text, what);
    public static string CheckId(ChatAction action, string? id, string what) => CheckId(ChatPermissionTable.RuleId(action), id, what);

    /// <summary>A chat's list is full (<see cref="ChatLimitOptions"/>): the state forbids one more, so 409 like other state refusals.</summary>
    public static RuleViolationException Limit(string reason) => new(Rules.Limits, RefusalKind.Conflict, reason);

    /// <summary>Text must have content and stay within <see cref="ChatLimits.MaxTextLength"/>.</summary>
    public static string CheckText(string rule, string? text, string what = "Text")
    {
        if (string.IsNullOrWhiteSpace(text))
            throw Invalid(rule, $"{what} must not be empty.");
        if (text.Length > ChatLimits.MaxTextLength)
            throw Invalid(rule, $"{what} is {text.Length} characters long; at most {ChatLimits.MaxTextLength} are allowed.");
        return text;
    }

    /// <summary>Ids are short printable keys: nothing empty, no control characters.</summary>
    public static string CheckId(string rule, string? id, string what)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > ChatLimits.MaxIdLength || id.Any(char.IsControl))
            throw Invalid(rule, $"{what} must be a non-empty id of at most {ChatLimits.MaxIdLength} printable characters.");
        return id;
    }
}

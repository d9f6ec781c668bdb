namespace LiveChat.Grains.Common;

/// <summary>Rule ids of business hours (B1-B4) and leaving a message (O1-O4), docs/rules.md.</summary>
public static class BusinessHoursRules
{
    /// <summary>A queue's business hours are a valid IANA zone, bounded weekly openings and holidays.</summary>
    public const string Schedule = "B1";

    /// <summary>A live chat is not started while its queue is closed: the end user may leave a message.</summary>
    public const string ClosedForChats = "B3";

    /// <summary>A message left for a queue: name, contact and text, each within its limits.</summary>
    public const string Message = "O1";
}

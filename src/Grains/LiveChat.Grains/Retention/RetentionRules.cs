namespace LiveChat.Grains.Retention;

using System.Security.Cryptography;
using System.Text;
using LiveChat.Grains.Common;

/// <summary>Rule ids of retention and erasure (docs/rules.md E1-E10) and the checks they share.</summary>
public static class RetentionRules
{
    /// <summary>A queue's retention: ended chats are erased this many days after they ended (1-3650, default LiveChat:Retention:DefaultDays).</summary>
    public const string E1 = "E1";
    /// <summary>An erased chat leaves a tombstone (id, queue, dates, reason) and reads as erased.</summary>
    public const string E2 = "E2";
    /// <summary>An admin erases every chat of one end user on request (art. 17), identified as E3 says.</summary>
    public const string E3 = "E3";
    /// <summary>An end user with a waiting or active chat is not erased: nothing is, until it ends.</summary>
    public const string E4 = "E4";
    /// <summary>An admin exports every chat of one end user (art. 15), streamed.</summary>
    public const string E5 = "E5";
    /// <summary>Erasure, export and retention changes are audited without erased content.</summary>
    public const string E6 = "E6";
    /// <summary>Bounded: index pages, sweep batches, chats per end user, files awaiting deletion.</summary>
    public const string E7 = "E7";
    /// <summary>Erasure deletes from storage: rows (ClearStateAsync), SQLite's freed pages and log, attachment files.</summary>
    public const string E8 = "E8";

    /// <summary>The end-user index key of a request's subject; refuses (E3) a subject that names no one or two.</summary>
    public static string SubjectKey(DataSubject? subject)
    {
        var site = subject?.SiteId;
        var customer = subject?.CustomerId;
        var endUser = subject?.EndUserId;
        // A field sent empty names someone badly, not no one: it is checked (and refused) below.
        var visitor = site is not null || customer is not null;
        if (visitor == (endUser is not null))
            throw Refuse.Invalid(E3, "Name the end user either by siteId and customerId (an identified visitor) or by endUserId (an anonymous end user), not both.");
        if (visitor)
        {
            Refuse.CheckId(E3, site, "Site id");
            Refuse.CheckId(E3, customer, "Customer id");
            return EndUserKeys.Visitor(site!, customer!);
        }
        Refuse.CheckId(E3, endUser, "End user id");
        return EndUserKeys.Anonymous(endUser!);
    }

    /// <summary>How the audit trail names an end user (E6): a digest, so the trail keeps no identifier of an erased person.</summary>
    public static string AuditTarget(string subjectKey) =>
        "end-user:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subjectKey)))[..24];
}

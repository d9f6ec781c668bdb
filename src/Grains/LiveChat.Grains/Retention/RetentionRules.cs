namespace LiveChat.Grains.Retention;

using System.Security.Cryptography;
using System.Text;
using LiveChat.Grains.Common;

/// <summary>Rule ids of retention and erasure (docs/rules.md E1-E10) and the checks they share.</summary>
public static class RetentionRules
{
    /// <summary>The end-user index key of a request's subject; refuses (Rules.E3) a subject that names no one or two.</summary>
    public static string SubjectKey(DataSubject? subject)
    {
        var site = subject?.SiteId;
        var customer = subject?.CustomerId;
        var endUser = subject?.EndUserId;
        // A field sent empty names someone badly, not no one: it is checked (and refused) below.
        var visitor = site is not null || customer is not null;
        if (visitor == (endUser is not null))
            throw Refuse.Invalid(Rules.E3, "Name the end user either by siteId and customerId (an identified visitor) or by endUserId (an anonymous end user), not both.");
        if (visitor)
        {
            Refuse.CheckId(Rules.E3, site, "Site id");
            Refuse.CheckId(Rules.E3, customer, "Customer id");
            return EndUserKeys.Visitor(site!, customer!);
        }
        Refuse.CheckId(Rules.E3, endUser, "End user id");
        return EndUserKeys.Anonymous(endUser!);
    }

    /// <summary>How the audit trail names an end user (Rules.E6): a digest, so the trail keeps no identifier of an erased person.</summary>
    public static string AuditTarget(string subjectKey) =>
        "end-user:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subjectKey)))[..24];
}

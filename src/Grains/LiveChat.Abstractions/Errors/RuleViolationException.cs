namespace LiveChat.Errors;

/// <summary>How a refusal maps onto an answer a client understands (HTTP: 400 / 403 / 404 / 409).</summary>
public enum RefusalKind
{
    /// <summary>The request itself is malformed: empty or oversized text, an answer that does not exist.</summary>
    Invalid,
    /// <summary>The caller is not allowed to do this (A-table, R1, R3, R13).</summary>
    Forbidden,
    /// <summary>A chat, agent, queue, invite or article with that id does not exist.</summary>
    NotFound,
    /// <summary>The request is well-formed and allowed, but the current state forbids it (R4, R8, R9, ...).</summary>
    Conflict,
    /// <summary>A credential the caller presented is forged, expired or unknown (HTTP 401).</summary>
    Unauthenticated,
}

/// <summary>
/// A product rule refused a request. Raised before anything changes, so a caller can retry
/// or show <see cref="Exception.Message"/> as is. <see cref="RuleId"/> names the rule (docs/rules.md lists every id).
/// </summary>
[GenerateSerializer, Alias("LiveChat.RuleViolationException")]
public sealed class RuleViolationException : Exception
{
    public RuleViolationException(string ruleId, RefusalKind kind, string reason)
        : base($"{ruleId}: {reason}")
    {
        RuleId = ruleId;
        Kind = kind;
        Reason = reason;
    }

    [Id(0)] public string RuleId { get; private set; }
    [Id(1)] public RefusalKind Kind { get; private set; }
    [Id(2)] public string Reason { get; private set; }
}

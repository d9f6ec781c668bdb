namespace LiveChat.Model;

/// <summary>
/// Exactly-once commands: a call that creates something may carry a client-chosen key; a retry
/// with the same key from the same caller returns the first result and stores nothing twice.
/// The chat commits the key in the same write as the entry it created and keeps it for a bounded
/// window (<c>LiveChat:IdempotencyWindow</c>, <c>LiveChat:IdempotencyKeysPerChat</c>).
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The HTTP header that carries the key.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The rule id of refusals about keys: a malformed key (400), a key reused for another request (409).</summary>
    public const string Rule = "Idempotency";

    public const int MaxLength = 100;

    /// <summary>
    /// Starting a chat is anonymous, so its key is all that tells one caller from another: it must be
    /// long enough not to be guessed (a UUID has 36 characters).
    /// </summary>
    public const int MinStartLength = 16;

    /// <summary>1 to <see cref="MaxLength"/> characters of A-Z a-z 0-9 and <c>- _ . :</c> (a UUID, a ULID, a counter with a prefix).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    public static string Describe =>
        $"An {Header} has 1 to {MaxLength} characters: letters, digits, '-', '_', '.' or ':' (a UUID is a good key).";
}

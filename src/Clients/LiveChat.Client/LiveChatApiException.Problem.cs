namespace LiveChat.Client;

using System.Text.Json;

/// <summary>
/// Every refusal of the gateway is an RFC 7807 problem with a <c>ruleId</c> (docs/rules.md). The
/// generated client throws <see cref="LiveChatApiException{TResult}"/> of <see cref="ProblemDetails"/>
/// for the statuses an operation declares; this reads the rule from any of them, declared or not.
/// </summary>
public partial class LiveChatApiException
{
    /// <summary>The rule that refused the request (e.g. "A7", "R3", "Auth"), or null when the answer was no problem document.</summary>
    public string? RuleId => Problem?.RuleId;

    /// <summary>The problem document of the answer, when it was one.</summary>
    public ProblemDetails? Problem => this is LiveChatApiException<ProblemDetails> typed ? typed.Result : ParseProblem(Response);

    private static ProblemDetails? ParseProblem(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize<ProblemDetails>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

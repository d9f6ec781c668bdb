namespace LiveChat.Gateway.Endpoints;

internal static class NotFoundAnswers
{
    /// <summary>Unknown is a 404 with the rule of the call that looked.</summary>
    public static T Found<T>(this T? value, string rule, string what) where T : class =>
        value ?? throw new RuleViolationException(rule, RefusalKind.NotFound, $"There is no {what}.");
}

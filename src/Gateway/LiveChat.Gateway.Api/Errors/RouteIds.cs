namespace LiveChat.Gateway.Errors;

/// <summary>
/// Ids in routes name grains. One no grain could have (blank, control characters) names nothing:
/// it is answered 404 before a grain key is built from it. One longer than a grain id may be
/// (<see cref="ChatLimits.MaxIdLength"/>, the limit the grains check) is a 400: the same limit
/// holds at the route and in the grain, so no route id passes here to be refused differently there.
/// </summary>
internal static class RouteIds
{
    public const int MaxLength = ChatLimits.MaxIdLength;

    /// <summary>Null when the id is plausible; otherwise the refusal to answer with.</summary>
    public static RuleViolationException? Check(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Any(char.IsControl)) return Unknown(id);
        if (id.Length > MaxLength)
            return new(Rules.Route, RefusalKind.Invalid, $"Ids in routes have at most {MaxLength} characters; this one has {id.Length}.");
        return null;
    }

    public static RuleViolationException Unknown(string? id) =>
        new(Rules.Route, RefusalKind.NotFound, $"Nothing is called '{Printable(id)}'.");

    private static string Printable(string? id) =>
        new string((id ?? "").Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <summary>Applies <see cref="RouteIds"/> to every route value whose name ends in "Id".</summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && RouteIds.Check(value as string) is { } refusal)
                throw refusal;
        }
        return next(context);
    }
}

namespace LiveChat.Gateway.Errors;

/// <summary>
/// Ids in routes name grains. One no grain could have (blank, control characters, absurdly
/// long) names nothing: it is answered 404 before a grain key is built from it.
/// </summary>
internal static class RouteIds
{
    public const int MaxLength = 256;

    public static bool IsPlausible(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxLength && !id.Any(char.IsControl);

    public static RuleViolationException Unknown(string? id) =>
        new("Route", RefusalKind.NotFound, $"Nothing is called '{Printable(id)}'.");

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
            if (name.EndsWith("Id", StringComparison.Ordinal) && !RouteIds.IsPlausible(value as string))
                throw RouteIds.Unknown(value as string);
        }
        return next(context);
    }
}

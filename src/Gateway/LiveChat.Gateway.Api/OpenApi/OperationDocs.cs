namespace LiveChat.Gateway.OpenApi;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

/// <summary>The rule ids an operation enforces (docs/rules.md): named in its description and in its problem examples.</summary>
public sealed record OperationRules(IReadOnlyList<string> Ids);

/// <summary>
/// One line per route for its OpenAPI entry: <c>.Describe("acceptChat", "Accept a waiting chat", "Lifecycle S3", "…", 403, 404, 409)</c>.
/// Kept next to each MapX so a route and its contract change together.
/// </summary>
public static class OperationDocs
{
    /// <summary>
    /// Names the operation (its operationId, so unique), says what it does and which rules decide it,
    /// and lists the problems its rules can give. The problems every route can give (400 malformed,
    /// 429 rate limit, 503 cluster busy; 401 behind sign-in; 413/415 with a body) are added here too.
    /// </summary>
    /// <param name="rules">Rule ids separated by spaces, first the one most refusals carry (e.g. "A7 Lifecycle").</param>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string operationId, string summary, string rules,
        string description, params int[] problems)
    {
        var ids = rules.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        route.WithName(operationId).WithSummary(summary)
            .WithDescription(ids.Length == 0 ? description : $"{description}\n\nRules: {string.Join(", ", ids)} (see docs/rules.md).")
            .WithMetadata(new OperationRules(ids));
        foreach (var status in problems) route.ProducesProblem(status);
        route.Finally(endpoint => AddCommonProblems(endpoint.Metadata));
        return route;
    }

    /// <summary>Whether an endpoint needs a bearer token: it has an authorization policy and is not anonymous.</summary>
    public static bool RequiresSignIn(IReadOnlyCollection<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    private static void AddCommonProblems(IList<object> metadata)
    {
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        var common = new List<int> { StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable };
        if (RequiresSignIn(metadata.ToList())) common.Add(StatusCodes.Status401Unauthorized);
        if (metadata.OfType<IAcceptsMetadata>().Any())
        {
            common.Add(StatusCodes.Status413PayloadTooLarge);
            common.Add(StatusCodes.Status415UnsupportedMediaType);
        }
        foreach (var status in common.Where(declared.Add))
            metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemContent.MediaType]));
    }
}

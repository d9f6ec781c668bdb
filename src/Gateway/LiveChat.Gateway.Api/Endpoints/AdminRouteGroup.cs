namespace LiveChat.Gateway.Endpoints;

using LiveChat.Gateway.Auth;

/// <summary>
/// What every admin route shares: the Admin policy at the gateway (the grain checks the role again),
/// one OpenAPI tag, and the problems any admin call can answer. Routes add their own (404, 409).
/// </summary>
internal static class AdminRouteGroup
{
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix).RequireAuthorization(LiveChatClaims.AdminPolicy).WithTags(tag)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}

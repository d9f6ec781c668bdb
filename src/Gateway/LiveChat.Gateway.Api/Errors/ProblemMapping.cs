namespace LiveChat.Gateway.Errors;

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

/// <summary>
/// Turns every failure into RFC 7807 problem details: a rule's refusal keeps its rule id and
/// status (400 invalid, 403 refused, 404 unknown, 409 wrong state); malformed requests are 400.
/// </summary>
internal sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public const string RuleIdKey = "ruleId";
    /// <summary>What a 503 tells the client to wait: about the time the cluster takes to move a dead silo's grains.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // A request the client aborted never gets here: ASP.NET Core's exception handler middleware
        // answers an OperationCanceledException of an aborted request itself (no handler, no error log).
        var (status, rule, title, detail) = exception switch
        {
            RuleViolationException refusal => (StatusOf(refusal.Kind), refusal.RuleId, TitleOf(refusal.Kind), refusal.Reason),
            BadHttpRequestException bad => (bad.StatusCode, Rules.Request, "The request is malformed.", Clean(bad)),
            JsonException => (400, Rules.Request, "The request body is not valid JSON for this call.", "Check the JSON against /openapi/v1.json."),
            InvalidDataException => (400, Rules.Request, "The request body could not be read.", exception.Message),
            // Timed out (a silo died with the call in flight), rejected (no silo gateway reachable, the
            // target silo gone: SiloUnavailableException and OrleansMessageRejectionException are
            // OrleansExceptions), or a store failing (InfrastructureFailures).
            _ when InfrastructureFailures.IsUnavailable(exception)
                => (503, Rules.Unavailable, "The chat service is busy or restarting.", $"Retry in {RetryAfterSeconds} seconds."),
            _ => (500, "Service", "Unexpected error.", "The error was logged."),
        };
        // A 503 is the cluster failing over, expected and brief: one line each, not a stack trace per request.
        if (status == StatusCodes.Status503ServiceUnavailable)
            logger.LogWarning("Request {Method} {Path} answered 503: {Error}", http.Request.Method, http.Request.Path, exception.Message);
        else if (status >= 500) logger.LogError(exception, "Request {Method} {Path} failed", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://livechat.dev/rules/{rule}" };
        problem.Extensions[RuleIdKey] = rule;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status409Conflict,
    };

    private static string TitleOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => "The request breaks a product rule.",
        RefusalKind.Forbidden => "A product rule does not allow this.",
        RefusalKind.NotFound => "Not found.",
        RefusalKind.Unauthenticated => "The credential presented was not accepted.",
        _ => "The current state does not allow this.",
    };

    // BadHttpRequestException speaks to the developer of the route; say what the client must send.
    private static string Clean(BadHttpRequestException bad) => bad switch
    {
        { InnerException: JsonException } => "The request body is not valid JSON for this call.",
        { Message: var m } when m.Contains("no body was provided") => "This call needs a JSON body (see /openapi/v1.json).",
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The request body is too large.",
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "Send the body as application/json.",
        _ => bad.Message,
    };
}

namespace LiveChat.Gateway.Errors;

using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

/// <summary>
/// Problems are JSON whatever the Accept header says. The framework's writer declines a request
/// whose Accept rules JSON out (say "application/xml"): the answer was then a bare status, a
/// plain-text body, or, for a 404 raised by a rule, a 500 from the exception handler. This writer
/// comes after the framework's and takes what it declines; RFC 9110 lets a server disregard
/// Accept instead of answering 406, and a problem names its rule where 406 would name nothing.
/// </summary>
internal sealed class JsonProblemFallbackWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions, ContentType, http.RequestAborted));
    }
}

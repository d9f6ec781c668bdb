namespace LiveChat.Gateway.Hardening;

using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

/// <summary>Marks a route that takes an attachment upload: its body may be as large as an attachment plus the multipart envelope.</summary>
public sealed class AttachmentBodyMetadata
{
    public static readonly AttachmentBodyMetadata Instance = new();
}

/// <summary>
/// Bodies are small everywhere but on attachment uploads: JSON routes take at most
/// <see cref="JsonBytes"/>. A declared Content-Length over the limit is refused with a 413
/// problem before a byte is read; a body without one is counted as it streams (Kestrel's
/// <see cref="IHttpMaxRequestBodySizeFeature"/>, set per route here) and refused at the limit.
/// </summary>
public static class RequestBodyLimits
{
    public const long JsonBytes = 64 * 1024;

    /// <summary>Room for the multipart boundaries and part headers around an attachment's bytes.</summary>
    public const long EnvelopeBytes = 64 * 1024;

    public static RouteHandlerBuilder AcceptsAttachmentBody(this RouteHandlerBuilder route) =>
        route.WithMetadata(AttachmentBodyMetadata.Instance);

    public static long LimitOf(HttpContext http, AttachmentOptions attachments) =>
        http.GetEndpoint()?.Metadata.GetMetadata<AttachmentBodyMetadata>() is null ? JsonBytes : attachments.MaxBytes + EnvelopeBytes;

    /// <summary>After routing (the route decides the limit), before anything reads a body.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = LimitOf(http, http.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit)
        {
            await TooLarge(http, limit);
            return;
        }
        await next(http);
    });

    private static async Task TooLarge(HttpContext http, long limit)
    {
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The unread body is not worth draining: end the connection after this answer.
        if (HttpProtocol.IsHttp11(http.Request.Protocol)) http.Response.Headers.Connection = "close";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request is malformed.",
            Detail = $"The request body is too large: this call takes at most {limit / 1024} KB.",
            Type = $"https://livechat.dev/rules/{Rules.Request}",
        };
        problem.Extensions[ProblemMapping.RuleIdKey] = Rules.Request;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}

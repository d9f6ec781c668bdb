namespace LiveChat.Gateway.OpenApi;

using System.Text.Json.Nodes;
using LiveChat.Gateway.Endpoints;
using LiveChat.Gateway.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

/// <summary>
/// The served OpenAPI document as a contract a client generator can rely on: who the API is, the
/// bearer scheme on every signed-in operation, a <c>ruleId</c> in every problem, an example for
/// every body, and a description for every tag. Routes say their own part with
/// <see cref="OperationDocs.Describe"/>; the rest is added here.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Sign-in"] = "How the consoles sign agents in (OpenID Connect, or the demo sign-in for local trials).",
        ["Agent"] = "The signed-in agent's own data: profile, presence, settings and its Invites list (R11).",
        ["Queues"] = "A support queue's settings and waiting chats, for the queue's agents and supervisors only (QueueAccess).",
        ["Chats"] = "Every action in a chat, allowed per role by the action table (A1-A11).",
        ["Invites"] = "Inviting colleagues into a chat and answering invites (R1-R15).",
        ["Attachments"] = "Files in a chat (A9): upload checked before storing, download for people in the chat.",
        ["End user"] = "The customer's side: start a chat (anonymous), then act on that one chat with its token.",
        ["Supervisor"] = "The monitoring dashboard's live queue figures (R13).",
        ["Directory administration"] = "Agents, queues and the audit trail of directory changes (role Admin).",
        ["Data protection"] = "Retention of ended chats per queue, and an end user's chats exported or erased on request (role Admin, E1-E10).",
    };

    /// <summary>The "v1" document served at /openapi/v1.json, with the transformers below.</summary>
    public static IServiceCollection AddLiveChatOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddLiveChatContract());

    private static OpenApiOptions AddLiveChatContract(this OpenApiOptions options)
    {
        options.AddSchemaTransformer(NamedEnumSchemas.Describe);
        options.AddSchemaTransformer(AddRuleIdToProblems);
        options.AddSchemaTransformer(NumbersAreNumbers);
        options.AddOperationTransformer(DescribeOperation);
        options.AddDocumentTransformer(DescribeDocument);
        return options;
    }

    /// <summary>Every problem this API writes carries <c>ruleId</c>: say so in the ProblemDetails schema.</summary>
    private static Task AddRuleIdToProblems(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type)) return Task.CompletedTask;
        schema.Description = "RFC 7807 problem details. Nothing changed on the server; ruleId names the rule that refused (docs/rules.md).";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties[ProblemContent.RuleIdKey] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The rule that refused the request: R1-R15, A1-A11, S1-S5, T1-T9 (transfer offers), C1-C5 (satisfaction), SLA1-SLA9 (response-time limits), or one of the project's own (Auth, Visitor, Request, RateLimit, Limits, Names, Lifecycle, Directory, QueueAccess, Audit, Admin, Disabled, Route, Idempotency, Webhooks, Unavailable, Service).",
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add(ProblemContent.RuleIdKey);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The API writes numbers as JSON numbers. ASP.NET describes each as "integer or string" with a
    /// digits pattern, because its web JSON defaults also read a quoted number; clients generated
    /// from that typed every count <c>number | string</c>. The document says what the API writes.
    /// </summary>
    private static Task NumbersAreNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (OperationDocs.RequiresSignIn(metadata.ToList()))
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        // Creating routes bind the key with [FromHeader]; the document says what a key is and does.
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { In: ParameterLocation.Header } header || header.Name != IdempotencyKeys.Header) continue;
            header.Description = "A key of the client's choosing (a UUID): a retry with the same key returns the first answer and stores nothing twice. "
                + IdempotencyKeys.Describe;
            header.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxLength, Pattern = "^[A-Za-z0-9._:-]+$" };
        }
        // Ids in routes name grains: the document states the grains' limit, which RouteIdFilter holds them to.
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { In: ParameterLocation.Path } path || path.Name?.EndsWith("Id", StringComparison.Ordinal) != true) continue;
            path.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = RouteIds.MaxLength };
        }

        var rules = metadata.OfType<OperationRules>().LastOrDefault()?.Ids ?? [];
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse problem || problem.Content?.TryGetValue(ProblemContent.MediaType, out var media) != true
                || !int.TryParse(code, out var status)) continue;
            problem.Description = ProblemContent.Describe(status);
            media!.Example = ProblemContent.Example(status, rules);
        }
        return Task.CompletedTask;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "LiveChat.Orleans gateway",
            Version = "v1",
            Description = "The HTTP API of LiveChat.Orleans: end users chat in, agents work chats and invite colleagues as Participant or Monitor, "
                + "supervisors watch their queues, admins keep the directory. Every rule is decided by the chat service; a refusal is an "
                + "RFC 7807 problem (application/problem+json) whose ruleId names the rule (docs/rules.md in the repository) and changes nothing. "
                + "Real-time events come over the SignalR hub at /hubs/livechat (not described here).",
            Contact = new OpenApiContact { Name = "LiveChat.Orleans maintainers" },
        };
        // A server URL ends without a slash: clients append paths that start with one.
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An agent's access token (the OpenID provider's, or the demo sign-in's), or the end user's chat token from POST /api/enduser/chats.",
        };
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
        }

        var examples = new SchemaExamples(document);
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value))
        {
            if (operation.RequestBody?.Content is { } requestContent) AddExamples(requestContent, examples);
            foreach (var response in (operation.Responses ?? []).Values)
            {
                if (response.Content is { } content) AddExamples(content, examples);
            }
        }
        return Task.CompletedTask;
    }

    private static void AddExamples(IDictionary<string, OpenApiMediaType> content, SchemaExamples examples)
    {
        foreach (var (type, media) in content)
        {
            if (media.Example is null && type.EndsWith("json", StringComparison.Ordinal) && examples.For(media.Schema) is { } example)
                media.Example = example;
        }
    }
}

/// <summary>The problem responses as documented: what each status means here, and an example naming a rule.</summary>
internal static class ProblemContent
{
    public const string MediaType = "application/problem+json";
    public const string RuleIdKey = LiveChat.Gateway.Errors.ProblemMapping.RuleIdKey;

    public static string Describe(int status) => status switch
    {
        400 => "Refused: the input breaks a rule (ruleId names it), or the request is malformed (ruleId Request).",
        401 => "No valid token (ruleId Auth), or a visitor token that is not valid (ruleId Visitor).",
        403 => "A rule does not allow this caller to do this now (ruleId names it).",
        404 => "The chat, invite, agent, queue or attachment is not known to this caller.",
        409 => "The current state does not allow this (ruleId names the rule; Limits for a full list).",
        413 => "The body is larger than this route takes (ruleId Request).",
        415 => "The body is not of a type this route takes (ruleId Request).",
        429 => "Too many requests: wait as long as Retry-After says (ruleId RateLimit).",
        503 => "The chat service is busy or restarting: retry shortly (ruleId Unavailable, with Retry-After).",
        _ => "A problem (RFC 7807) with ruleId.",
    };

    public static JsonNode Example(int status, IReadOnlyList<string> rules)
    {
        var rule = status switch
        {
            401 => rules.Contains("Visitor") ? "Visitor" : "Auth",
            413 or 415 => "Request",
            429 => "RateLimit",
            503 => Rules.Unavailable,
            409 when rules.Contains("Limits") && rules[0] is "Limits" => "Limits",
            _ => rules.FirstOrDefault() ?? "Request",
        };
        return new JsonObject
        {
            ["type"] = $"https://livechat.dev/rules/{rule}",
            ["title"] = Title(status),
            ["status"] = status,
            ["detail"] = $"{rule}: {Describe(status)}",
            [RuleIdKey] = rule,
        };
    }

    private static string Title(int status) => status switch
    {
        400 => "The request breaks a product rule.",
        401 => "The credential presented was not accepted.",
        403 => "A product rule does not allow this.",
        404 => "Not found.",
        409 => "The current state does not allow this.",
        429 => "Too many requests.",
        503 => "The chat service is busy or restarting.",
        _ => "The request is malformed.",
    };
}

namespace LiveChat.Gateway.OpenApi;

using System.Text.Json.Nodes;
using Microsoft.OpenApi;

/// <summary>
/// Builds an example of a schema from the schema itself, with realistic values for the fields the
/// API has (a chat between the demo agents alice and bob in the Billing queue). Made from the
/// schema, an example always fits it, and a new field gets one without anyone writing it.
/// </summary>
internal sealed class SchemaExamples(OpenApiDocument document)
{
    private const int MaxDepth = 40;

    /// <summary>The components being expanded on the current path: a type that holds itself stops there.</summary>
    private readonly HashSet<string> _expanding = [];

    /// <summary>Values by field name; <see cref="Omit"/> leaves an optional field out (e.g. the second of two alternatives).</summary>
    private static readonly Dictionary<string, JsonNode?> Hints = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chatId"] = "0b7e6f2a4c5d4e0f9a1b2c3d4e5f6a7b", ["queueId"] = "billing", ["agentId"] = "bob", ["id"] = "bob",
        ["inviteeId"] = "bob", ["inviterId"] = "alice", ["assigneeId"] = "alice", ["actorId"] = "alice", ["createdBy"] = "alice",
        ["requestedBy"] = "alice", ["toAgentId"] = "bob", ["inviteId"] = "inv-1", ["ticketId"] = "T-1042", ["requestId"] = "ra-1",
        ["attachmentId"] = "5d41402abc4b2a76b9719d911017c592", ["endUserId"] = "u-4f1c2d3e4a5b6c7d", ["customerId"] = "cust-1001",
        ["siteId"] = "shop", ["displayName"] = "Pat", ["endUserName"] = "Pat", ["inviteeName"] = "Bob Baker",
        ["inviteeDisplayName"] = "Bob Baker", ["assigneeName"] = "Alice Archer", ["firstName"] = "Bob", ["lastName"] = "Baker",
        ["fullName"] = "Bob Baker", ["name"] = "Billing", ["email"] = "bob@example.com", ["firstMessage"] = "My invoice is wrong",
        ["text"] = "Could you send me the invoice number?", ["preview"] = "My invoice is wrong", ["summary"] = "Refund the double charge",
        ["articleId"] = "kb-refunds", ["cannedResponseId"] = "greeting", ["title"] = "How refunds work",
        ["url"] = "https://help.example.com/kb/refunds", ["fileName"] = "invoice.pdf", ["contentType"] = "application/pdf",
        ["size"] = 48213, ["token"] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl",
        ["wait"] = "00:01:30", ["waited"] = "00:00:45", ["longestWait"] = "00:04:10", ["capacity"] = 3, ["load"] = 1, ["assignmentLoad"] = 1,
        ["seq"] = 7, ["publicSeq"] = 5, ["lastSeq"] = 7, ["total"] = 1, ["before"] = 0, ["directoryVersion"] = 2,
        ["target"] = "agent:bob", ["action"] = "UpdateAgent", ["authority"] = "https://login.example.com/realms/livechat",
        ["clientId"] = "livechat-consoles", ["scope"] = "openid profile email", ["resource"] = "api://livechat",
        ["refId"] = "inv-1", ["permissions"] = new JsonArray("ESChat_Agent"),
        ["firstResponseLimitSeconds"] = 120, ["replyLimitSeconds"] = 300,
        ["queues"] = new JsonArray("billing"), ["supervises"] = new JsonArray(), ["supervisedQueues"] = new JsonArray(),
        // Business hours and messages (B1, O1).
        ["timeZone"] = "Europe/Berlin", ["day"] = "Monday", ["opens"] = "09:00", ["closes"] = "17:00",
        ["holidays"] = new JsonArray("2026-12-24", "2026-12-25"), ["contact"] = "pat@example.com", ["queueName"] = "Billing",
        ["toQueueId"] = Omit, ["visitorToken"] = Omit, ["failure"] = Omit, ["detail"] = Omit, ["instance"] = Omit,
    };

    private static readonly JsonNode Omit = JsonValue.Create("(omitted)");

    public JsonNode? For(IOpenApiSchema? schema) => Build(schema, null, 0);

    private JsonNode? Build(IOpenApiSchema? schema, string? name, int depth)
    {
        if (schema is null || depth > MaxDepth) return null;
        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id;
            if (id is null || document.Components?.Schemas?.TryGetValue(id, out var target) != true || !_expanding.Add(id)) return null;
            try { return Build(target, name, depth + 1); }
            finally { _expanding.Remove(id); }
        }
        if (name is not null && Hints.TryGetValue(name, out var hint) && hint != Omit && Fits(hint, schema)) return hint?.DeepClone();
        if (schema.Enum is { Count: > 0 } values) return values.FirstOrDefault(v => v is not null)?.DeepClone();
        foreach (var options in new[] { schema.OneOf, schema.AnyOf, schema.AllOf })
        {
            var option = options?.FirstOrDefault(o => o.Type is not JsonSchemaType.Null);
            if (option is not null) return Build(option, name, depth + 1);
        }

        var type = schema.Type ?? (schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : JsonSchemaType.String);
        if (type.HasFlag(JsonSchemaType.Object)) return Object(schema, depth);
        if (type.HasFlag(JsonSchemaType.Array)) return schema.Items is null ? new JsonArray() : new JsonArray(Build(schema.Items, Singular(name), depth + 1));
        if (type.HasFlag(JsonSchemaType.Boolean)) return true;
        if (type.HasFlag(JsonSchemaType.Integer)) return 1;
        if (type.HasFlag(JsonSchemaType.Number)) return 1;
        if (type.HasFlag(JsonSchemaType.String)) return schema.Format switch
        {
            "date-time" => "2026-12-02T09:30:00+00:00",
            "date" => "2026-12-02",
            "uuid" => "0b7e6f2a-4c5d-4e0f-9a1b-2c3d4e5f6a7b",
            "uri" => "https://help.example.com/",
            "binary" or "byte" => null,
            _ => name ?? "text",
        };
        return null;
    }

    private JsonObject Object(IOpenApiSchema schema, int depth)
    {
        var example = new JsonObject();
        foreach (var (property, propertySchema) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (Hints.TryGetValue(property, out var hint) && hint == Omit && schema.Required?.Contains(property) != true) continue;
            example[property] = Build(propertySchema, property, depth + 1);
        }
        return example;
    }

    /// <summary>A hint is used only where the schema takes that kind of value ("agents" is a list, not an id).</summary>
    private static bool Fits(JsonNode? hint, IOpenApiSchema schema)
    {
        if (schema.Enum is { Count: > 0 }) return false;
        var type = schema.Type ?? JsonSchemaType.String;
        return hint switch
        {
            JsonArray => type.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema { Type: { } items } && items.HasFlag(JsonSchemaType.String),
            JsonValue value when value.TryGetValue<string>(out _) => type.HasFlag(JsonSchemaType.String) && schema.Format is null,
            JsonValue => type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number),
            _ => false,
        };
    }

    // "queues" holds queue ids: the element takes the hint of "queueId" where there is one.
    private static string? Singular(string? name) => name is { Length: > 1 } && name.EndsWith('s') ? name[..^1] + "Id" : null;
}

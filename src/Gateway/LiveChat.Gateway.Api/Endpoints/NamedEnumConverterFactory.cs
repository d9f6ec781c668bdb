namespace LiveChat.Gateway.Endpoints;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

/// <summary>
/// Enums in request bodies by exactly one of their names (any case). The framework's string-enum
/// converter also takes a list ("Participant, Monitor"), which binds to the members' bitwise OR:
/// for JoinMode that is Monitor, an answer the caller never gave. Anything but one name is a
/// JsonException, so a 400 "Request" problem. Written by name, as before.
/// </summary>
internal sealed class NamedEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(NamedEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class NamedEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> Members =
            Enum.GetValues<T>().ToDictionary(v => v.ToString(), StringComparer.OrdinalIgnoreCase);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Members.TryGetValue(reader.GetString()!, out var value)
                ? value
                : throw new JsonException($"Expected one of: {string.Join(", ", Members.Keys)}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}

/// <summary>
/// The OpenAPI document describes a converter of its own making as "anything": this puts back
/// what <see cref="NamedEnumConverterFactory"/> takes, a string that is one of the names. A list of
/// an enum (a chat's allowed actions) lost its items the same way: they are the enum's schema.
/// </summary>
internal static class NamedEnumSchemas
{
    public static async Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Items is null && context.JsonTypeInfo.ElementType is { } element && (Nullable.GetUnderlyingType(element) ?? element).IsEnum)
            schema.Items = await context.GetOrCreateSchemaAsync(element, null, cancellationToken);
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            // Always a plain string: the enum's one component schema is shared by every use, and a
            // nullable use says "or null" itself (oneOf null / $ref). Typed "string or null" here, the
            // schema read as nullable everywhere, and client generators (NSwag) made an empty class of it.
            schema.Type = JsonSchemaType.String;
            schema.Enum = Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(name)).ToList();
        }
    }
}

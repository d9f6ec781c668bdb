namespace LiveChat.Client;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>
/// Enums travel by name. The generator puts a string converter on each enum property, but not on
/// the enums in a list (<see cref="ChatSnapshot.Allowed"/>, a list of <see cref="ChatAction"/>):
/// the client's serializer reads and writes every enum by name.
/// </summary>
public partial class LiveChatApiClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter());
}

namespace LiveChat.Gateway.Security.Tests;

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

/// <summary>
/// One fresh billing chat with every role of the A-table filled: alice is the assignee, carol
/// joined by invite as Participant, bob by invite as Monitor; erin (billing, no ESChat_Agent) and
/// sam (supervisor, not joined) are agents not in the chat. kb-101 is pinned and alice uploaded
/// one attachment, so unpinning and downloading have something to act on.
/// </summary>
public sealed class ChatScenario
{
    private static readonly ConditionalWeakTable<GatewayFactory, ConcurrentDictionary<string, Task<ApiClient>>> SignedIn = new();

    public required GatewayFactory Gateway { get; init; }
    public required ApiClient Alice { get; init; }
    public required ApiClient Bob { get; init; }
    public required ApiClient Carol { get; init; }
    public required ApiClient Erin { get; init; }
    public required ApiClient Sam { get; init; }
    public required EndUserClient EndUser { get; init; }
    public required string AttachmentId { get; init; }
    public string ChatId => EndUser.ChatId;
    public string Chat => $"/api/chats/{ChatId}";

    /// <summary>Agents signed in (and online) once per gateway; their tokens last the whole test class.</summary>
    public static Task<ApiClient> Agent(GatewayFactory gateway, string agentId) =>
        SignedIn.GetOrCreateValue(gateway).GetOrAdd(agentId, id => gateway.SignIn(id));

    public static async Task<ChatScenario> Create(GatewayFactory gateway)
    {
        var alice = await Agent(gateway, "alice");
        var bob = await Agent(gateway, "bob");
        var carol = await Agent(gateway, "carol");
        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
        await Join(alice, carol, chat, "Participant", "Participate");
        await Join(alice, bob, chat, "Monitor", "Monitor");
        await Http.AssertSuccess(await alice.Post($"{chat}/pinned-articles", new { articleId = "kb-101" }));
        var upload = await alice.Http.PostAsync($"{chat}/attachments", Http.TextFile());
        await Http.AssertSuccess(upload);
        var entry = await upload.Content.ReadFromJsonAsync<JsonElement>();
        return new ChatScenario
        {
            Gateway = gateway,
            Alice = alice,
            Bob = bob,
            Carol = carol,
            Erin = await Agent(gateway, "erin"),
            Sam = await Agent(gateway, "sam"),
            EndUser = endUser,
            AttachmentId = entry.GetProperty("refId").GetString()!,
        };
    }

    public static async Task<string> Join(ApiClient inviter, ApiClient invitee, string chat, string mode, string answer)
    {
        var invite = await inviter.PostJson<JsonElement>($"{chat}/invites", new { inviteeId = invitee.Id, mode });
        var inviteId = invite.GetProperty("inviteId").GetString()!;
        var answered = await invitee.PostJson<JsonElement>($"{chat}/invites/{inviteId}/response", new { answer });
        Assert.Equal("Accepted", answered.GetProperty("status").GetString());
        return inviteId;
    }

    /// <summary>
    /// The whole chat as JSON, as its assignee and its end user read it: snapshot, invites, the
    /// full audit transcript, the end user's view and transcript. Equal before and after a
    /// refused call means the refusal changed nothing.
    /// </summary>
    public async Task<string> Observe()
    {
        var reads = new (HttpClient Http, string Path)[]
        {
            (Alice.Http, Chat),
            (Alice.Http, $"{Chat}/invites"),
            (Alice.Http, $"{Chat}/transcript?after=0&max=500&audit=true"),
            (EndUser.Api.Http, "/api/enduser/chat"),
            (EndUser.Api.Http, "/api/enduser/chat/transcript?after=0&max=500"),
        };
        var parts = new List<string>();
        foreach (var (http, path) in reads) parts.Add(await Http.Describe(await http.GetAsync(path)));
        return string.Join("\n", parts);
    }

    /// <summary>
    /// How far the transcript has come: the chat's last sequence number as the assignee reads it
    /// (-1 once alice is no longer in the chat) and the end user's own, which counts only what the
    /// end user sees. Any entry moves one of them.
    /// </summary>
    public async Task<(long Chat, long EndUser)> LastSeq()
    {
        var snapshot = await Alice.Http.GetAsync(Chat);
        var chat = snapshot.IsSuccessStatusCode ? (await snapshot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastSeq").GetInt64() : -1;
        var endUser = (await EndUser.Api.GetJson<JsonElement>("/api/enduser/chat")).GetProperty("lastSeq").GetInt64();
        return (chat, endUser);
    }
}

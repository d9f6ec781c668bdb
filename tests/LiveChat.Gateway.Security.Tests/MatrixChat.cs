namespace LiveChat.Gateway.Security.Tests;

using System.Runtime.CompilerServices;

/// <summary>
/// One fresh billing chat for one row of the authorization matrix: alice accepted it, pinned
/// kb-101, uploaded a file and wrote a side note; then the row's role was set up (someone joined,
/// left, was invited, took the chat over...). It tracks who is in the chat and who was invited,
/// so an action that needs a free agent (to invite, to transfer to) gets one the role left free.
/// </summary>
public sealed class MatrixChat
{
    public const string SideNote = "Side note: the customer is a VIP";
    public const string FileText = "hello from a test";

    private readonly Dictionary<string, ApiClient> _agents;
    private readonly HashSet<string> _taken = ["alice"];

    private MatrixChat(GatewayFactory gateway, EndUserClient endUser, Dictionary<string, ApiClient> agents, string attachmentId)
    {
        Gateway = gateway;
        EndUser = endUser;
        _agents = agents;
        Assignee = agents["alice"];
        AttachmentId = attachmentId;
    }

    public GatewayFactory Gateway { get; }
    public EndUserClient EndUser { get; }
    public string ChatId => EndUser.ChatId;
    public string Chat => $"/api/chats/{ChatId}";
    public string AttachmentId { get; }
    /// <summary>The chat's assignee now: it reads the chat to see that a refusal changed nothing.</summary>
    public ApiClient Assignee { get; private set; }
    /// <summary>The invite an action acts on (resend, cancel, change mode), made by its preparation.</summary>
    public string InviteId { get; private set; } = "no-invite-prepared";

    public ApiClient Agent(string id) => _agents[id];

    private static readonly ConditionalWeakTable<GatewayFactory, Task<Dictionary<string, ApiClient>>> SignedIn = new();

    /// <summary>
    /// The six demo agents, online, with capacity 0: no chat is ever assigned automatically (S3),
    /// so who holds a chat is decided by the row alone. Taking a chat by hand ignores capacity.
    /// </summary>
    public static Task<Dictionary<string, ApiClient>> ManualAgents(GatewayFactory gateway) => SignedIn.GetValue(gateway, async g =>
    {
        var agents = new Dictionary<string, ApiClient>();
        foreach (var id in new[] { "alice", "bob", "carol", "dave", "erin", "sam" })
        {
            agents[id] = await ChatScenario.Agent(g, id);
            await Http.AssertSuccess(await agents[id].Put("/api/me/settings", AgentSettings.Default with { Capacity = 0 }));
        }
        return agents;
    });

    public static async Task<MatrixChat> Create(GatewayFactory gateway)
    {
        var agents = await ManualAgents(gateway);
        var alice = agents["alice"];
        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
        await Http.AssertSuccess(await alice.Post($"{chat}/pinned-articles", new { articleId = "kb-101" }));
        var upload = await alice.Http.PostAsync($"{chat}/attachments", Http.File(Encoding.UTF8.GetBytes(FileText)));
        await Http.AssertSuccess(upload);
        await Http.AssertSuccess(await alice.Post($"{chat}/side-notes", new { text = SideNote }));
        var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refId").GetString()!;
        return new MatrixChat(gateway, endUser, agents, attachmentId);
    }

    // Setting up roles --------------------------------------------------------------------------

    public async Task<ApiClient> Invited(string agentId, string mode, string? answer)
    {
        _taken.Add(agentId);
        var invite = await Assignee.PostJson<JsonElement>($"{Chat}/invites", new { inviteeId = agentId, mode });
        if (answer is not null)
            await Http.AssertSuccess(await Agent(agentId).Post($"{Chat}/invites/{invite.GetProperty("inviteId").GetString()}/response", new { answer }));
        return Agent(agentId);
    }

    public async Task<ApiClient> SupervisorJoined(string mode)
    {
        _taken.Add("sam");
        await Http.AssertSuccess(await Agent("sam").Post($"{Chat}/supervisor-join", new { mode }));
        return Agent("sam");
    }

    public async Task<ApiClient> Left(ApiClient member)
    {
        await Http.AssertSuccess(await member.Post($"{Chat}/leave"));
        return member;
    }

    /// <summary>Alice gives the chat up (release, or transfer to carol or to the tech queue) and someone else holds it.</summary>
    public async Task<ApiClient> AliceGaveUp(string how)
    {
        var alice = Agent("alice");
        var (next, call) = how switch
        {
            "release" => ("carol", alice.Post($"{Chat}/release")),
            "transfer to carol" => ("carol", alice.Post($"{Chat}/transfer", new { toAgentId = "carol" })),
            _ => ("dave", alice.Post($"{Chat}/transfer", new { toQueueId = "tech" })),
        };
        await Http.AssertSuccess(await call);
        if (how != "transfer to carol") await Http.AssertSuccess(await Agent(next).Post($"{Chat}/accept"));
        Assignee = Agent(next);
        _taken.Add(next);
        return alice;
    }

    /// <summary>An online agent of the chat's queue with ESChat_Agent, not in the chat, not invited, not the caller.</summary>
    public string FreeAgent(string? callerId) =>
        new[] { "carol", "bob" }.First(a => a != callerId && !_taken.Contains(a) && (a != "bob" || Assignee.Id != "dave"));

    /// <summary>An invite of the current assignee to a free agent, pending or (answered Reject) rejected.</summary>
    public async Task PrepareInvite(string? callerId, bool rejected)
    {
        var invitee = FreeAgent(callerId);
        _taken.Add(invitee);
        var invite = await Assignee.PostJson<JsonElement>($"{Chat}/invites", new { inviteeId = invitee, mode = "Monitor" });
        InviteId = invite.GetProperty("inviteId").GetString()!;
        if (rejected) await Http.AssertSuccess(await Agent(invitee).Post($"{Chat}/invites/{InviteId}/response", new { answer = "Reject" }));
    }

    // Observing ---------------------------------------------------------------------------------

    /// <summary>The whole chat as its assignee and its end user read it; equal before and after means nothing changed.</summary>
    public async Task<string> Observe()
    {
        var reads = new (HttpClient Http, string Path)[]
        {
            (Assignee.Http, Chat),
            (Assignee.Http, $"{Chat}/invites"),
            (Assignee.Http, $"{Chat}/transcript?after=0&max=500&audit=true"),
            (EndUser.Api.Http, "/api/enduser/chat"),
            (EndUser.Api.Http, "/api/enduser/chat/transcript?after=0&max=500"),
        };
        var parts = new List<string>();
        foreach (var (http, path) in reads) parts.Add(await Http.Describe(await http.GetAsync(path)));
        return string.Join("\n", parts);
    }

    /// <summary>
    /// The chat's last sequence number as its assignee reads it (-1 when it cannot), and the end
    /// user's own last number (the end user stays in the chat whatever happens, but sees only its
    /// entries, numbered apart). Any entry moves one of them.
    /// </summary>
    public async Task<(long Chat, long EndUser)> LastSeq()
    {
        var snapshot = await Assignee.Http.GetAsync(Chat);
        var chat = snapshot.IsSuccessStatusCode ? (await snapshot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastSeq").GetInt64() : -1;
        var endUser = (await EndUser.Api.GetJson<JsonElement>("/api/enduser/chat")).GetProperty("lastSeq").GetInt64();
        return (chat, endUser);
    }

    /// <summary>Ends the chat (as its end user) so agents' lists stay short over hundreds of rows.</summary>
    public async Task Close() => await EndUser.Api.Post("/api/enduser/chat/end");
}

namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Admin;
using LiveChat.Grains.Common;

/// <summary>Directory administration: only admins, validated before anything changes, every change audited with before and after.</summary>
public sealed class DirectoryAdminTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private IDirectoryGrain Admin => Client.Directory();

    private static DirectoryAgent NewAgent(string queue, string? id = null) => new(id ?? TestDirectory.NewId("hire"),
        "Hanna", "Hire", "hanna@example.com", AgentRole.Agent, [Permissions.ChatAgent], [queue], [], Capacity: 4);

    private async Task<List<DirectoryAuditEntry>> AuditOf(string admin, string target) =>
        (await Admin.ReadAudit(admin, 0, IDirectoryGrain.MaxPage)).Entries.Where(e => e.Target == target).ToList();

    [Fact]
    public async Task Admin_only_an_enabled_admin_administers()
    {
        var queue = await Directory.Queue();
        var agent = await Directory.Agent(queue);
        var supervisor = await Directory.Supervisor(queue);
        var admin = await Directory.Admin();
        foreach (var notAdmin in new[] { agent, supervisor, "no-such-agent" })
        {
            await Refused(Rules.Admin, RefusalKind.Forbidden, () => Admin.CreateAgent(notAdmin, NewAgent(queue)));
            await Refused(Rules.Admin, RefusalKind.Forbidden, () => Admin.ListAgents(notAdmin, 0, 10));
            await Refused(Rules.Admin, RefusalKind.Forbidden, () => Admin.ReadAudit(notAdmin, 0, 10));
        }
        // An admin cannot lock itself out; another admin can disable it, and then it is refused.
        await Refused(Rules.Admin, RefusalKind.Conflict, () => Admin.SetAgentDisabled(admin, admin, true));
        var other = await Directory.Admin();
        await Admin.SetAgentDisabled(other, admin, true);
        await Refused(Rules.Admin, RefusalKind.Forbidden, () => Admin.ListQueues(admin, 0, 10));
    }

    [Fact]
    public async Task Admin_create_update_disable_are_applied_and_audited_with_before_and_after()
    {
        var admin = await Directory.Admin();
        var queueId = TestDirectory.NewId("queue");
        var queue = await Admin.CreateQueue(admin, new DirectoryQueue(queueId, "Returns", true, false,
            [new CannedResponse("hi", "Hi", "Hello!")], []));
        Assert.Equal("Returns", (await Queue(queueId).GetInfo())!.Definition.Name);
        var created = await Admin.CreateAgent(admin, NewAgent(queueId));
        var updated = await Admin.UpdateAgent(admin, created with { Queues = [], Capacity = 7 });
        var disabled = await Admin.SetAgentDisabled(admin, created.Id, true);

        var snapshot = await Agent(created.Id).GetSnapshot();
        Assert.True(snapshot.Registration.Disabled);
        Assert.Empty(snapshot.Registration.Queues);
        Assert.Equal(7, snapshot.Settings.Capacity);

        var trail = await AuditOf(admin, $"agent:{created.Id}");
        Assert.Equal([DirectoryActions.DisableAgent, DirectoryActions.UpdateAgent, DirectoryActions.CreateAgent], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal((admin, AuditOutcome.Applied), (e.ActorId, e.Outcome)));
        Assert.Null(trail[2].AgentBefore);
        Assert.True(trail[2].AgentAfter!.SameAs(created));
        Assert.True(trail[1].AgentBefore!.SameAs(created));
        Assert.True(trail[1].AgentAfter!.SameAs(updated));
        Assert.True(trail[0].AgentAfter!.SameAs(disabled));
        Assert.True(trail[0].Seq > trail[1].Seq && trail[1].Seq > trail[2].Seq);
        var queueEntry = Assert.Single(await AuditOf(admin, $"queue:{queueId}"));
        Assert.True(queueEntry.QueueAfter!.SameAs(queue));

        // Listed for the admin page.
        var agents = await Admin.ListAgents(admin, 0, IDirectoryGrain.MaxPage);
        Assert.True(agents.Total >= 1);
        Assert.Contains(created.Id, (await Admin.Export()).Agents.Select(a => a.Id));
    }

    [Fact]
    public async Task Directory_bad_input_is_refused_and_changes_nothing()
    {
        var admin = await Directory.Admin();
        var queue = await Directory.Queue();
        var good = NewAgent(queue);
        var newest = (await Admin.ReadAudit(admin, 0, 1)).Entries.FirstOrDefault()?.Seq ?? 0;
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.CreateAgent(admin, good with { Email = "no-at-sign" }));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.CreateAgent(admin, good with { Queues = ["no-such-queue"] }));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.CreateAgent(admin, good with { Supervises = [queue] }));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.CreateAgent(admin, good with { Capacity = 99 }));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.CreateAgent(admin, good with { Id = "" }));
        await Refused(Rules.Directory, RefusalKind.NotFound, () => Admin.UpdateAgent(admin, good));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.CreateQueue(admin, new DirectoryQueue(TestDirectory.NewId("q"), "", false, false, [], [])));
        await Refused(Rules.Directory, RefusalKind.Conflict, () => Admin.CreateQueue(admin, new DirectoryQueue(queue, "Again", false, false, [], [])));
        Assert.Null(await Agent(good.Id).Peek());
        Assert.Equal(newest, (await Admin.ReadAudit(admin, 0, 1)).Entries.FirstOrDefault()?.Seq ?? 0);
    }

    [Fact]
    public async Task Admin_a_change_the_agent_grain_refuses_is_audited_as_failed_and_changes_nothing()
    {
        var admin = await Directory.Admin();
        var queue = await Directory.Queue();
        var created = await Admin.CreateAgent(admin, NewAgent(queue));
        Cluster.Faults.FailCalls(nameof(IAgentGrain.Administer), created.Id);
        await Assert.ThrowsAnyAsync<Exception>(() => Admin.UpdateAgent(admin, created with { LastName = "Changed" }));
        Assert.Equal("Hire", (await Agent(created.Id).GetSnapshot()).Registration.Profile.LastName);
        var failed = (await AuditOf(admin, $"agent:{created.Id}"))[0];
        Assert.Equal((DirectoryActions.UpdateAgent, AuditOutcome.Failed), (failed.Action, failed.Outcome));
        Assert.False(string.IsNullOrWhiteSpace(failed.Failure));
    }

    [Fact]
    public async Task Admin_audit_trail_is_paged_without_gaps_beyond_the_open_page()
    {
        var admin = await Directory.Admin();
        var queue = await Directory.Queue();
        var agent = await Admin.CreateAgent(admin, NewAgent(queue));
        for (var i = 0; i < DirectoryGrain.AuditPageSize + 5; i++)
            await Admin.UpdateAgent(admin, agent with { Capacity = i % 2 == 0 ? 10 : 11 });

        var seqs = new List<long>();
        long before = 0;
        do
        {
            var slice = await Admin.ReadAudit(admin, before, 7);
            seqs.AddRange(slice.Entries.Select(e => e.Seq));
            before = slice.Before;
        }
        while (before > 0 && seqs.Count < 100_000);
        Assert.Equal(seqs.OrderByDescending(s => s), seqs);
        Assert.Equal(Enumerable.Range(1, (int)seqs[0]).Select(i => (long)i).Reverse(), seqs.Take((int)seqs[0]));
    }

    [Fact]
    public async Task Directory_import_validates_the_whole_file_first_then_creates_and_updates_audited_as_the_operator()
    {
        var admin = await Directory.Admin();
        var queueId = TestDirectory.NewId("queue");
        var queue = new DirectoryQueue(queueId, "Imported", false, true, [], []);
        var agent = NewAgent(queueId);
        // A bad agent at the end: nothing of the file is applied.
        var bad = new DirectoryContent([queue], [agent, agent with { Id = TestDirectory.NewId("x"), Queues = ["missing-queue"] }]);
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Admin.Import("import", bad, onlyMissing: false));
        Assert.Null(await Queue(queueId).GetInfo());

        Assert.Equal(new ImportResult(2, 0, 0), await Admin.Import("import", new DirectoryContent([queue], [agent]), onlyMissing: false));
        var edited = new DirectoryContent([queue with { Name = "Imported 2" }], [agent]);
        Assert.Equal(new ImportResult(0, 0, 2), await Admin.Import("seed", edited, onlyMissing: true));
        Assert.Equal(new ImportResult(0, 1, 1), await Admin.Import("import", edited, onlyMissing: false));
        Assert.Equal("Imported 2", (await Queue(queueId).GetInfo())!.Definition.Name);
        var trail = await AuditOf(admin, $"queue:{queueId}");
        Assert.Equal([("import", DirectoryActions.UpdateQueue), ("import", DirectoryActions.CreateQueue)], trail.Select(e => (e.ActorId, e.Action)));
    }
}

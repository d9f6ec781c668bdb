namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Queue;

/// <summary>
/// Business hours (docs/rules.md B1-B4): the schedule itself at chosen instants (time zones, both
/// DST changes, holidays as dates of the queue's zone), its validation, and the queue and chat
/// grains deciding from the cluster's one clock whether a live chat may start.
/// </summary>
public sealed class BusinessHoursTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static BusinessHours Hours(string zone, string opens, string closes, IEnumerable<string>? days = null, params string[] holidays) =>
        new(zone, (days ?? Days).Select(d => new OpeningSlot(d, opens, closes)).ToList(), holidays);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    // The schedule at chosen instants ----------------------------------------------------------

    [Fact]
    public void B2_openings_are_wall_clock_times_of_the_queues_zone()
    {
        var newYork = Hours("America/New_York", "09:00", "17:00", ["Monday"]);
        // Monday 5 January 2026: EST is UTC-5.
        Assert.False(BusinessSchedule.IsOpen(newYork, Utc("2026-01-05T13:59:59Z")));
        Assert.True(BusinessSchedule.IsOpen(newYork, Utc("2026-01-05T14:00:00Z")));
        Assert.True(BusinessSchedule.IsOpen(newYork, Utc("2026-01-05T21:59:59Z")));
        Assert.False(BusinessSchedule.IsOpen(newYork, Utc("2026-01-05T22:00:00Z")));

        // The same Monday in Tokyo (UTC+9) starts on Sunday in UTC.
        var tokyo = Hours("Asia/Tokyo", "09:00", "17:00", ["Monday"]);
        Assert.True(BusinessSchedule.IsOpen(tokyo, Utc("2026-01-05T00:00:00Z")));
        Assert.False(BusinessSchedule.IsOpen(tokyo, Utc("2026-01-04T23:59:00Z")));

        // No business hours: always open. A closing at 24:00 runs to midnight.
        Assert.True(BusinessSchedule.IsOpen(null, Utc("2026-01-04T03:00:00Z")));
        var late = Hours("Etc/UTC", "18:00", "24:00", ["Monday"]);
        Assert.True(BusinessSchedule.IsOpen(late, Utc("2026-01-05T23:59:59Z")));
        Assert.False(BusinessSchedule.IsOpen(late, Utc("2026-01-06T00:00:00Z")));
    }

    [Fact]
    public void B2_spring_forward_keeps_the_local_hours_and_an_opening_in_the_skipped_hour_opens_at_the_first_minute_after()
    {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        var daily = Hours("Europe/Berlin", "08:00", "17:00");
        Assert.True(BusinessSchedule.IsOpen(daily, Utc("2026-03-28T07:00:00Z")));  // 08:00 CET
        Assert.False(BusinessSchedule.IsOpen(daily, Utc("2026-03-30T05:59:00Z"))); // 07:59 CEST
        Assert.True(BusinessSchedule.IsOpen(daily, Utc("2026-03-30T06:00:00Z")));  // 08:00 CEST
        Assert.False(BusinessSchedule.IsOpen(daily, Utc("2026-03-30T15:00:00Z"))); // 17:00 CEST
        // Closed on Saturday evening: next opening is Sunday 08:00 CEST, an hour earlier in UTC than the day before.
        Assert.Equal(Utc("2026-03-29T06:00:00Z"), BusinessSchedule.NextOpening(daily, Utc("2026-03-28T18:00:00Z")));

        var night = Hours("Europe/Berlin", "02:30", "03:30", ["Sunday"]);
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), BusinessSchedule.NextOpening(night, Utc("2026-03-28T20:00:00Z")));
        Assert.True(BusinessSchedule.IsOpen(night, Utc("2026-03-29T01:00:00Z")));  // 03:00 CEST
        Assert.False(BusinessSchedule.IsOpen(night, Utc("2026-03-29T01:30:00Z"))); // 03:30 CEST
    }

    [Fact]
    public void B2_fall_back_keeps_the_local_hours_and_an_opening_in_the_repeated_hour_opens_at_its_first_occurrence()
    {
        // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens twice.
        var night = Hours("Europe/Berlin", "02:30", "05:00", ["Sunday"]);
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), BusinessSchedule.NextOpening(night, Utc("2026-10-24T20:00:00Z")));
        Assert.True(BusinessSchedule.IsOpen(night, Utc("2026-10-25T00:30:00Z")));  // 02:30 CEST
        Assert.True(BusinessSchedule.IsOpen(night, Utc("2026-10-25T01:30:00Z")));  // 02:30 CET, the second time
        Assert.False(BusinessSchedule.IsOpen(night, Utc("2026-10-25T04:00:00Z"))); // 05:00 CET

        var daily = Hours("Europe/Berlin", "08:00", "17:00");
        Assert.True(BusinessSchedule.IsOpen(daily, Utc("2026-10-26T07:00:00Z")));  // 08:00 CET
        Assert.False(BusinessSchedule.IsOpen(daily, Utc("2026-10-26T06:30:00Z"))); // 07:30 CET
    }

    [Fact]
    public void B2_holidays_are_dates_of_the_queues_zone_and_the_next_opening_skips_them()
    {
        // Auckland is UTC+13 in January: its 6 January begins at 11:00 UTC on the 5th.
        var auckland = Hours("Pacific/Auckland", "00:00", "24:00", null, "2026-01-06");
        Assert.True(BusinessSchedule.IsOpen(auckland, Utc("2026-01-05T10:59:00Z")));
        Assert.False(BusinessSchedule.IsOpen(auckland, Utc("2026-01-05T12:00:00Z")));
        Assert.Equal(Utc("2026-01-06T11:00:00Z"), BusinessSchedule.NextOpening(auckland, Utc("2026-01-05T12:00:00Z")));

        // London office hours: from Friday evening the next opening is Monday, or Tuesday when Monday is a holiday.
        var weekdays = Days[..5];
        var london = Hours("Europe/London", "09:00", "17:00", weekdays);
        Assert.Equal(Utc("2026-01-12T09:00:00Z"), BusinessSchedule.NextOpening(london, Utc("2026-01-09T17:30:00Z")));
        var bankHoliday = Hours("Europe/London", "09:00", "17:00", weekdays, "2026-01-12");
        Assert.Equal(Utc("2026-01-13T09:00:00Z"), BusinessSchedule.NextOpening(bankHoliday, Utc("2026-01-09T17:30:00Z")));
        // No opening at all: a queue that takes messages only.
        Assert.Null(BusinessSchedule.NextOpening(new BusinessHours("Europe/London", [], []), Utc("2026-01-09T17:30:00Z")));
    }

    // Validation ----------------------------------------------------------------------------------

    [Fact]
    public async Task B1_bad_business_hours_are_refused_and_change_nothing()
    {
        var queue = await Directory.Queue();
        var info = (await Queue(queue).GetInfo())!;
        var good = Hours("Europe/Berlin", "09:00", "17:00");
        BusinessHours[] bad =
        [
            good with { TimeZone = "W. Europe Standard Time" },  // a Windows name, not IANA
            good with { TimeZone = "Mars/Olympus_Mons" },
            good with { TimeZone = "Europe/../Berlin" },
            good with { TimeZone = "" },
            good with { TimeZone = new string('A', BusinessHours.MaxTimeZoneLength + 1) },
            good with { Weekly = [new OpeningSlot("Funday", "09:00", "17:00")] },
            good with { Weekly = [new OpeningSlot("Monday, Tuesday", "09:00", "17:00")] },
            good with { Weekly = [new OpeningSlot("1", "09:00", "17:00")] },
            good with { Weekly = [new OpeningSlot("Monday", "9:00", "17:00")] },
            good with { Weekly = [new OpeningSlot("Monday", "24:00", "24:00")] },
            good with { Weekly = [new OpeningSlot("Monday", "17:00", "09:00")] },
            good with { Weekly = [new OpeningSlot("Monday", "09:00", "12:30"), new OpeningSlot("Monday", "12:00", "17:00")] },
            good with { Weekly = [null!] },
            good with { Weekly = null! },
            good with { Weekly = Enumerable.Repeat(new OpeningSlot("Monday", "09:00", "09:01"), BusinessHours.MaxSlots + 1).ToList() },
            good with { Holidays = ["2026-02-30"] },
            good with { Holidays = ["2026/12/25"] },
            good with { Holidays = ["2026-12-25", "2026-12-25"] },
            good with { Holidays = null! },
            good with { Holidays = Enumerable.Range(0, BusinessHours.MaxHolidays + 1).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd")).ToList() },
        ];
        foreach (var hours in bad)
            await Refused("B1", RefusalKind.Invalid, () => Queue(queue).Configure(info.Definition with { BusinessHours = hours }));
        Assert.Null((await Queue(queue).GetInfo())!.Definition.BusinessHours);

        // At the bounds: 28 openings (four a day, back to back, the last to midnight) and 100 holidays.
        var full = new BusinessHours("America/Argentina/Buenos_Aires",
            Days.SelectMany(d => new[] { ("00:00", "06:00"), ("06:00", "12:00"), ("12:00", "18:00"), ("18:00", "24:00") }
                .Select(t => new OpeningSlot(d.ToLowerInvariant(), t.Item1, t.Item2))).ToList(),
            Enumerable.Range(0, BusinessHours.MaxHolidays).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd")).ToList());
        var configured = await Queue(queue).Configure(info.Definition with { BusinessHours = full });
        Assert.True(full.SameAs(configured.Definition.BusinessHours));
    }

    [Fact]
    public async Task B1_the_directory_refuses_bad_hours_before_auditing_and_keeps_good_ones()
    {
        var admin = await Directory.Admin();
        var directory = Client.Directory();
        var queue = await directory.CreateQueue(admin, new DirectoryQueue(TestDirectory.NewId("queue"), "Hours desk", false, true, [], []));
        var before = await directory.ReadAudit(admin, 0, 1);
        await Refused("B1", RefusalKind.Invalid, () => directory.UpdateQueue(admin, queue with { BusinessHours = Hours("Moon/Base", "09:00", "17:00") }));
        Assert.Equal(before.Entries[0].Seq, (await directory.ReadAudit(admin, 0, 1)).Entries[0].Seq);

        var hours = Hours("Europe/Berlin", "09:00", "17:00", Days[..5], "2026-12-24");
        var updated = await directory.UpdateQueue(admin, queue with { BusinessHours = hours });
        Assert.True(hours.SameAs(updated.BusinessHours));
        Assert.True(hours.SameAs((await Queue(queue.Id).GetInfo())!.Definition.BusinessHours));
        var entry = (await directory.ReadAudit(admin, 0, 1)).Entries[0];
        Assert.Null(entry.QueueBefore!.BusinessHours);
        Assert.True(hours.SameAs(entry.QueueAfter!.BusinessHours));
    }

    // The queue's status and the chat's start ----------------------------------------------------------

    /// <summary>Hours under which the queue is closed at the cluster's current instant: today and tomorrow are holidays in Tokyo.</summary>
    private BusinessHours ClosedNow(out DateTimeOffset reopens)
    {
        var tokyo = TimeSpan.FromHours(9);
        var today = DateOnly.FromDateTime(Cluster.Clock.Now.ToOffset(tokyo).DateTime);
        reopens = new DateTimeOffset(today.AddDays(2).ToDateTime(TimeOnly.MinValue), tokyo).ToUniversalTime();
        return Hours("Asia/Tokyo", "00:00", "24:00", null, today.ToString("yyyy-MM-dd"), today.AddDays(1).ToString("yyyy-MM-dd"));
    }

    private async Task<QueueAvailability> AvailabilityWhen(string queueId, Func<QueueAvailability, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var availability = await Queue(queueId).GetAvailability();
            if (match(availability)) return availability;
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    [Fact]
    public async Task B2_B4_the_queue_says_open_closed_or_nobody_online()
    {
        var queue = await Directory.Queue(name: "Status desk");
        var nobody = await Queue(queue).GetAvailability();
        Assert.Equal((queue, "Status desk", AvailabilityState.NoAgentsOnline, (DateTimeOffset?)null, (BusinessHours?)null),
            (nobody.QueueId, nobody.QueueName, nobody.State, nobody.NextOpening, nobody.BusinessHours));

        // Away takes no chats: still nobody. Online: open (agents tell their queue one-way).
        var agent = await Directory.Agent(queue, presence: Presence.Away);
        await Directory.UntilQueueKnows(queue, agent);
        Assert.Equal(AvailabilityState.NoAgentsOnline, (await Queue(queue).GetAvailability()).State);
        await Agent(agent).SetPresence(Presence.Online);
        await AvailabilityWhen(queue, a => a.State == AvailabilityState.Open);

        // Closed by its hours whoever is online, with the next opening.
        var info = (await Queue(queue).GetInfo())!;
        var hours = ClosedNow(out var reopens);
        await Queue(queue).Configure(info.Definition with { BusinessHours = hours });
        var closed = await Queue(queue).GetAvailability();
        Assert.Equal(AvailabilityState.Closed, closed.State);
        Assert.Equal(reopens, closed.NextOpening);
        Assert.True(hours.SameAs(closed.BusinessHours));

        await Refused(Rules.Directory, RefusalKind.NotFound, () => Queue(TestDirectory.NewId("no-queue")).GetAvailability());
    }

    [Fact]
    public async Task B3_a_live_chat_is_refused_while_the_queue_is_closed_and_starts_once_it_opens()
    {
        var queue = await Directory.Queue();
        var info = (await Queue(queue).GetInfo())!;
        await Queue(queue).Configure(info.Definition with { BusinessHours = ClosedNow(out _) });
        var chatId = TestDirectory.NewId("chat");
        var endUser = TestDirectory.EndUserOf(chatId);
        await Refused("B3", RefusalKind.Conflict, () => Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo(endUser, "Pat Customer"), "Hello?")));
        await Refused("A11", RefusalKind.NotFound, () => Chat(chatId).GetEndUserView(endUser));
        Assert.Empty(await Queue(queue).GetWaitingChats());

        await Queue(queue).Configure(info.Definition with { BusinessHours = null });
        var started = await Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo(endUser, "Pat Customer"), "Hello?"));
        Assert.Equal(ChatStatus.Waiting, started.Status);
        Assert.False(started.Offline);
    }

    [Fact]
    public async Task B3_a_chat_started_before_closing_stays_and_is_worked_after_it()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var chatId = await Directory.WaitingChat(queue);
        var info = (await Queue(queue).GetInfo())!;
        await Queue(queue).Configure(info.Definition with { BusinessHours = ClosedNow(out _) });

        // Closing neither ends nor moves it; an agent still takes it and the customer is answered.
        Assert.Contains(await Queue(queue).GetWaitingChats(), w => w.ChatId == chatId);
        Assert.Equal(ChatStatus.Active, (await Chat(chatId).Accept(alice)).Status);
        await Chat(chatId).PostAgentMessage(alice, "Still here for you.");
        var seen = await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 100);
        Assert.Contains(seen.Entries, e => e.Text == "Still here for you.");
    }
}

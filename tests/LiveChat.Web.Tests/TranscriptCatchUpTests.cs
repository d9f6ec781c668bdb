namespace LiveChat.Web.Tests;

/// <summary>
/// The consoles' transcript (js/core/transcript.js): a console connects to the hub first and
/// reads the transcript second, so pushes can arrive before the entries they follow. Whatever
/// the order, every entry is shown once, in sequence order, and the next catch-up read starts
/// after the last entry with nothing missing before it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TranscriptCatchUpTests(WebFixture web)
{
    // Runs in the page: a TranscriptView over a fake transcript of `total` entries, of which the
    // viewer may not see those in `hidden` (reads skip them but cover them, as the API does).
    private const string Harness = """
        async ({ pushes, total, hidden, pushAfterRead }) => {
          const { TranscriptView, catchUp } = await import('/js/core/transcript.js');
          const list = document.createElement('ol');
          document.body.append(list);
          const entry = seq => ({ seq, kind: 'Message', visibility: 'Everyone', text: `entry ${seq}`,
            at: new Date(0).toISOString(), actor: { kind: 'EndUser', id: 'robin' } });
          const view = new TranscriptView(list, { viewer: 'enduser', nameOf: () => 'You' });
          const reads = [];
          const read = async after => {
            reads.push(after);
            const entries = [];
            for (let seq = after + 1; seq <= total; seq++) if (!hidden.includes(seq)) entries.push(entry(seq));
            return { entries, lastSeq: total, hasMore: false };
          };
          for (const seq of pushes) view.add(entry(seq));
          await catchUp(view, read);
          for (const seq of pushAfterRead) view.add(entry(seq));
          return { shown: [...list.children].map(li => Number(li.dataset.seq)), lastSeq: view.lastSeq, reads };
        }
        """;

    [WebFact]
    public async Task A_push_that_arrives_before_the_first_read_does_not_hide_the_entries_before_it()
    {
        // The chat's opening question (1) is only in the read; the assignment (2) was pushed first.
        var result = await Run(pushes: [2], total: 2);

        Assert.Equal([1, 2], result.Shown);
        Assert.Equal([0], result.Reads);
        Assert.Equal(2, result.LastSeq);
    }

    [WebFact]
    public async Task Pushes_out_of_order_are_shown_in_order_and_the_catch_up_starts_at_the_first_gap()
    {
        var result = await Run(pushes: [1, 2, 5, 4], total: 6);

        Assert.Equal([1, 2, 3, 4, 5, 6], result.Shown);
        Assert.Equal([2], result.Reads);
        Assert.Equal(6, result.LastSeq);
    }

    [WebFact]
    public async Task Entries_the_viewer_may_not_see_do_not_hold_the_catch_up_back_after_a_read()
    {
        // 3 is an agents-only entry: no push and no read brings it to the end user.
        var result = await Run(pushes: [1, 2], total: 4, hidden: [3], pushAfterRead: [5, 6]);

        Assert.Equal([1, 2, 4, 5, 6], result.Shown);
        Assert.Equal(6, result.LastSeq);
    }

    private async Task<HarnessResult> Run(int[] pushes, int total, int[]? hidden = null, int[]? pushAfterRead = null)
    {
        await using var session = await web.OpenAsync("transcript harness");
        await session.Page.GotoAsync("/");
        return await session.Page.EvaluateAsync<HarnessResult>(Harness,
            new { pushes, total, hidden = hidden ?? [], pushAfterRead = pushAfterRead ?? [] });
    }

    private sealed class HarnessResult
    {
        public int[] Shown { get; set; } = [];
        public int LastSeq { get; set; }
        public int[] Reads { get; set; } = [];
    }
}

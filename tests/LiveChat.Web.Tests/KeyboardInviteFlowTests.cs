namespace LiveChat.Web.Tests;

/// <summary>
/// The invite flow with the keyboard alone (no click, no hover, no programmatic focus): an agent
/// signs in, accepts a waiting chat, answers, invites a colleague as Participant through the Invite
/// dialog; the colleague signs in, opens the Invites tab, participates, and both chat. Only Tab,
/// Shift+Tab, Enter, Space, Escape, the arrow keys and typing are used, and every control reached
/// shows a visible focus indicator.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class KeyboardInviteFlowTests(WebFixture web)
{
    // The focused element and whether it shows focus: :focus-visible with an outline or a ring.
    private const string FocusState = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return { desc: 'body', visible: false };
          const s = getComputedStyle(el);
          const outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
          const ringed = s.boxShadow && s.boxShadow !== 'none';
          const label = (el.getAttribute('aria-label') || el.textContent || el.id || '').trim().replace(/\s+/g, ' ').slice(0, 40);
          return { desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${label}"`, visible: el.matches(':focus-visible') && (outlined || !!ringed) };
        }
        """;

    [WebFact]
    public async Task The_whole_invite_flow_works_with_the_keyboard_alone_and_focus_is_always_visible()
    {
        using var api = new DemoApi(web.BaseUrl);
        var assigneeId = await api.CreateAgentAsync("kb-as", "Kim", "Keys", ["billing"]);
        var inviteeId = await api.CreateAgentAsync("kb-in", "Lee", "Tabber", ["billing"]);
        var (chatId, endUser) = await api.StartChatAsync("billing", "Kay Board", "Can you help without a mouse?");
        await using var assignee = await web.OpenAsync("assignee");
        await using var invitee = await web.OpenAsync("invitee");
        var a = assignee.Page;
        var i = invitee.Page;

        // The assignee signs in by typing its id and pressing Enter.
        await KeyboardSignInAsync(a, assigneeId);

        // Queue tab by the arrow keys (WAI-ARIA tabs), then Tab into the panel to Accept.
        await TabToAsync(a, a.GetByRole(AriaRole.Tab, new() { Name = "Chats" }));
        await a.Keyboard.PressAsync("ArrowRight");
        await Expect(a.GetByRole(AriaRole.Tab, new() { Name = "Queue" })).ToBeFocusedAsync();
        await Expect(a.GetByRole(AriaRole.Tab, new() { Name = "Queue" })).ToHaveAttributeAsync("aria-selected", "true");
        var accept = a.Locator($".waiting-item[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = "Accept" });
        await Expect(accept).ToBeVisibleAsync();
        await TabToAsync(a, accept);
        await a.Keyboard.PressAsync("Enter");
        var panel = a.Locator("article.chat-panel");
        await Expect(panel).ToHaveAttributeAsync("data-role", "Assignee");

        // Answer the customer: Tab to the message box, type, Enter sends.
        var message = panel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
        await TabToAsync(a, message);
        await a.Keyboard.TypeAsync("Of course, Kay.");
        await a.Keyboard.PressAsync("Enter");
        await Expect(panel.Locator(".transcript")).ToContainTextAsync("Of course, Kay.");

        // Chat actions opens with Enter and closes with Escape, focus back on it.
        var actions = panel.Locator("summary", new() { HasText = "Chat actions" });
        await TabToAsync(a, actions, backwards: true);
        await a.Keyboard.PressAsync("Enter");
        var invite = panel.GetByRole(AriaRole.Button, new() { Name = "Invite…" });
        await Expect(invite).ToBeVisibleAsync();
        await a.Keyboard.PressAsync("Escape");
        await Expect(invite).ToBeHiddenAsync();
        await Expect(actions).ToBeFocusedAsync();

        // The Invite dialog: Escape closes it and focus returns to Chat actions.
        await a.Keyboard.PressAsync("Space");
        await TabToAsync(a, invite);
        await a.Keyboard.PressAsync("Enter");
        var dialog = a.GetByRole(AriaRole.Dialog, new() { Name = "Invite to chat" });
        await Expect(dialog.GetByLabel("Find an agent")).ToBeFocusedAsync();
        await a.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(actions).ToBeFocusedAsync();

        // Again, and this time invite the colleague (online) as Participant.
        await api.SignInAsync(inviteeId);
        await a.Keyboard.PressAsync("Enter");
        await TabToAsync(a, invite);
        await a.Keyboard.PressAsync("Enter");
        await Expect(dialog.GetByLabel("Find an agent")).ToBeFocusedAsync();
        await a.Keyboard.TypeAsync("Tabber");
        var colleague = dialog.GetByRole(AriaRole.Radio, new() { Name = "Lee Tabber" });
        await Expect(colleague).ToBeVisibleAsync();
        await TabToAsync(a, colleague);
        await a.Keyboard.PressAsync("Space");
        await Expect(colleague).ToBeCheckedAsync();
        // Invite as: the arrow keys move through the options (Monitor, then back to Participant).
        var mode = dialog.GetByLabel("Invite as");
        await TabToAsync(a, mode);
        await a.Keyboard.PressAsync("ArrowDown");
        await Expect(mode).ToHaveValueAsync("Monitor");
        await a.Keyboard.PressAsync("ArrowUp");
        await Expect(mode).ToHaveValueAsync("Participant");
        await TabToAsync(a, dialog.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }));
        await a.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(panel.Locator(".invites-indicator > button")).ToHaveTextAsync("+1");

        // The colleague signs in, reaches the Invites tab by the arrow keys, and participates.
        await KeyboardSignInAsync(i, inviteeId);
        await Expect(i.Locator("#invites-count")).ToHaveTextAsync("1");
        await TabToAsync(i, i.GetByRole(AriaRole.Tab, new() { Name = "Chats" }));
        await i.Keyboard.PressAsync("ArrowLeft");
        await Expect(i.GetByRole(AriaRole.Tab, new() { Name = "Invites" })).ToBeFocusedAsync();
        var participate = i.Locator($".invite-card[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = "Participate" });
        await TabToAsync(i, participate);
        await i.Keyboard.PressAsync("Enter");
        var invitedPanel = i.Locator("article.chat-panel");
        await Expect(invitedPanel).ToHaveAttributeAsync("data-role", "Participant");
        await Expect(invitedPanel.Locator(".transcript")).ToContainTextAsync("Of course, Kay.");

        // Both chat, by keyboard; the customer sees both.
        await TabToAsync(i, invitedPanel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }));
        await i.Keyboard.TypeAsync("Hi Kay, Lee here to help.");
        await i.Keyboard.PressAsync("Enter");
        await Expect(panel.Locator(".transcript")).ToContainTextAsync("Lee here to help");
        await TabToAsync(a, message);
        await a.Keyboard.TypeAsync("Thanks Lee!");
        await a.Keyboard.PressAsync("Enter");
        await Expect(invitedPanel.Locator(".transcript")).ToContainTextAsync("Thanks Lee!");
        var transcript = await endUser.GetStringAsync("/api/enduser/chat/transcript?after=0");
        Assert.Contains("Lee here to help", transcript);
        Assert.Contains("Thanks Lee!", transcript);

        Assert.Empty(assignee.PageErrors);
        Assert.Empty(invitee.PageErrors);
    }

    private static async Task KeyboardSignInAsync(IPage page, string agentId)
    {
        await page.GotoAsync("/agent.html");
        await TabToAsync(page, page.Locator("#agent-id"));
        await page.Keyboard.TypeAsync(agentId);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until <paramref name="target"/> has focus, failing after a bound;
    /// every element passed on the way, and the target, must show its focus.
    /// </summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false, int maxPresses = 60)
    {
        await Expect(target).ToBeVisibleAsync();
        var path = new List<string>();
        for (var presses = 0; ; presses++)
        {
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement"))
            {
                var state = await FocusAsync(page);
                Assert.True(state.Visible, $"Focus on {state.Desc} is not visible (no :focus-visible outline or ring).");
                return;
            }
            if (presses > 0)
            {
                var state = await FocusAsync(page);
                path.Add(state.Desc);
                Assert.True(state.Desc == "body" || state.Visible, $"Focus on {state.Desc} is not visible (no :focus-visible outline or ring).");
            }
            Assert.True(presses < maxPresses, $"{target} not reached with {maxPresses} {(backwards ? "Shift+Tab" : "Tab")} presses; focus went: {string.Join(" → ", path)}");
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
    }

    private static async Task<(string Desc, bool Visible)> FocusAsync(IPage page)
    {
        var state = await page.EvaluateAsync<System.Text.Json.JsonElement>(FocusState);
        return (state.GetProperty("desc").GetString()!, state.GetProperty("visible").GetBoolean());
    }
}

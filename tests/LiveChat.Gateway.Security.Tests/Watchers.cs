namespace LiveChat.Gateway.Security.Tests;

using Microsoft.AspNetCore.SignalR.Client;
using Console = LiveChat.Gateway.Testing.Console;

/// <summary>Consoles watching one chat, and what a former member must not have received.</summary>
public static class Watchers
{
    public static async Task<Console> Watching(GatewayFactory gateway, ApiClient agent, string chatId)
    {
        var console = await gateway.Connect(agent.Token);
        await console.Connection.InvokeAsync<JsonElement>("WatchChat", chatId);
        return console;
    }

    public static bool Of(JsonElement chatEvent, string chatId) => chatEvent.GetProperty("chatId").GetString() == chatId;

    /// <summary>
    /// Asserts the former member received no event of the chat from <paramref name="fromSeq"/> on
    /// (the chat's numbers) and was told its access ended. Called after the remaining member got
    /// the next event; a round trip on the former's connection first lets anything sent to it
    /// before that arrive (a connection delivers in order).
    /// </summary>
    public static async Task AssertReceivedNothingFrom(Console former, string chatId, long fromSeq)
    {
        Assert.Equal("ping", await former.Connection.InvokeAsync<string>("Echo", "ping"));
        var leaked = former.Received("chatEvent").Where(e => Of(e, chatId) && Entries.Seq(e) >= fromSeq).ToList();
        Assert.True(leaked.Count == 0, $"A former member still received: {string.Join("; ", leaked.Select(e => e.GetRawText()))}");
        await former.WaitFor("chatAccessEnded", e => e.GetProperty("chatId").GetString() == chatId);
    }
}

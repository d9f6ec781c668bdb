namespace LiveChat.Gateway.Security.Tests;

using Microsoft.AspNetCore.SignalR.Client;

/// <summary>A real gateway logging everything, every category at Trace, into memory.</summary>
public sealed class VerboseGateway : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();
    public GatewayFactory Gateway { get; }

    public VerboseGateway()
    {
        Gateway = new GatewayFactory { RealHttp = true, Logs = Logs };
        Gateway.Settings["Logging:LogLevel:Default"] = "Trace";
        Gateway.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        Gateway.Settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace";
        Gateway.Settings["Logging:LogLevel:Orleans"] = "Warning";
    }

    public Task InitializeAsync() => Gateway.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)Gateway).DisposeAsync();
}

/// <summary>Item 9: the hub's access_token query parameter never reaches a log, even at Trace.</summary>
public sealed class LogRedactionTests(VerboseGateway fixture) : IClassFixture<VerboseGateway>
{
    [Fact]
    public async Task Logs_never_contain_the_access_token_a_browser_sends_in_the_hub_query()
    {
        using var alice = await fixture.Gateway.SignIn("alice");
        var endUser = await fixture.Gateway.StartChat();
        foreach (var token in new[] { alice.Token, endUser.Api.Token })
        {
            await using var console = await fixture.Gateway.Connect(token, tokenInQuery: true);
            Assert.Equal("ping", await console.Connection.InvokeAsync<string>("Echo", "ping"));
        }
        // A rejected token in the query, too.
        var forged = alice.Token[..^4] + "AAAA";
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Gateway.Connect(forged, tokenInQuery: true));

        var lines = fixture.Logs.Lines;
        // The capture works: the hub's requests were logged at Trace.
        Assert.Contains(lines, l => l.Contains("/hubs/livechat", StringComparison.Ordinal));
        foreach (var token in new[] { alice.Token, endUser.Api.Token, forged })
        {
            // Any long piece of the token (the signature alone identifies it).
            var signature = token[(token.LastIndexOf('.') + 1)..];
            var leaks = lines.Where(l => l.Contains(signature, StringComparison.Ordinal) || l.Contains(token, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{leaks.Count} log lines hold a token:\n" + string.Join("\n", leaks.Take(5)));
        }
    }
}

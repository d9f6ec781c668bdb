namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// The token memory works where it matters: through ASP.NET Core's JWT pipeline, which hands the
/// handler fresh validation parameters with every request. Unit tests that pass one parameters
/// object twice could not see that every request was validated afresh (found by profiling).
/// </summary>
public sealed class TokenMemoryPipelineTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>The scheme of the gateway's own tokens (AuthenticationSetup.GatewayScheme, internal).</summary>
    private const string GatewayScheme = "LiveChat";

    [Fact]
    public async Task A_console_sending_the_same_token_again_is_answered_from_memory()
    {
        using var alice = await gateway.SignIn("alice");
        var handler = gateway.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(GatewayScheme).TokenHandlers.OfType<RememberingTokenHandler>().Single();

        await alice.Client.GetMeAsync();
        var before = handler.ServedFromMemory;
        for (var i = 0; i < 3; i++) await alice.Client.GetMeAsync();

        Assert.True(handler.ServedFromMemory >= before + 3,
            $"3 requests with a remembered token, {handler.ServedFromMemory - before} answered from memory");
    }
}

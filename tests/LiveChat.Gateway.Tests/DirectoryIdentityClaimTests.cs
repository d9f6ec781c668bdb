namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Auth;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Auth: a token's agent claim longer than any agent can have (an agent id is a grain id,
/// <see cref="ChatLimits.MaxIdLength"/>; an email at most <see cref="ChatLimits.MaxEmailLength"/>, the directory's limit) is
/// refused as unusable before the directory is asked. The longest possible value is still looked up,
/// and names nobody here.
/// </summary>
public sealed class DirectoryIdentityClaimTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string Unusable = "no usable";
    private const string Nobody = "not an agent of the directory";

    [Fact]
    public async Task Auth_an_agent_id_claim_longer_than_a_grain_id_is_unusable_and_the_longest_is_looked_up()
    {
        var directory = gateway.Services.GetRequiredService<DirectoryIdentity>();

        var (tooLong, refusal) = await directory.Resolve("sub", new string('x', ChatLimits.MaxIdLength + 1));
        Assert.Null(tooLong);
        Assert.Contains(Unusable, refusal);

        var (longest, answer) = await directory.Resolve("sub", new string('x', ChatLimits.MaxIdLength));
        Assert.Null(longest);
        Assert.Contains(Nobody, answer);
    }

    [Fact]
    public async Task Auth_an_email_claim_longer_than_the_directory_allows_is_unusable_and_the_longest_is_looked_up()
    {
        var directory = gateway.Services.GetRequiredService<DirectoryIdentity>();
        static string Email(int length) => new string('x', length - "@example.com".Length) + "@example.com";

        var (tooLong, refusal) = await directory.Resolve("email", Email(255));
        Assert.Null(tooLong);
        Assert.Contains(Unusable, refusal);

        var (longest, answer) = await directory.Resolve("email", Email(254));
        Assert.Null(longest);
        Assert.Contains(Nobody, answer);
    }
}

namespace LiveChat.Storage.Contract.Tests.AzureStorage;

using LiveChat.Storage.AzureTables;

/// <summary>PartitionKey / RowKey derivation: always accepted by Azure, one to one, bounded.</summary>
public sealed class AzureTableKeysTests
{
    private static readonly string[] Samples =
    [
        "", "plain", "storage/abc", "a\\b", "a#b", "a?b", "a%b", "a'b", "a\"b", "a+b", "a b", "a!b", "a!0021b", "a~b",
        "\u0000", "\u001F", "\u007F", "\u0085", "\u009F", "é", "😀", "\uD800", "ü/ß",
        new string('x', 250), new string('x', 251), new string('x', 255), new string('x', 256), new string('/', 60),
        new string('x', 5000) + "a", new string('x', 5000) + "b", new string('/', 5000) + "a", new string('/', 5000) + "b",
    ];

    [Fact]
    public void Keys_contain_no_character_azure_forbids_and_stay_short()
    {
        foreach (var sample in Samples)
        {
            var key = AzureTableKeys.Encode(sample);
            Assert.True(key.Length <= AzureTableKeys.MaxKeyLength, $"'{sample}' gave a key of {key.Length} characters");
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' or '%' or '\'' or '"' or '+' || char.IsControl(c) || c > '\u007E');
        }
    }

    [Fact]
    public void Different_inputs_give_different_keys_and_the_same_input_the_same_key()
    {
        var keys = Samples.Select(AzureTableKeys.Encode).ToArray();

        Assert.Equal(Samples.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys, Samples.Select(AzureTableKeys.Encode));
    }

    [Fact]
    public void Short_safe_ids_stay_readable_and_long_ones_end_in_a_hash()
    {
        Assert.Equal("chat!002F42", AzureTableKeys.Encode("chat/42"));
        var hashed = AzureTableKeys.Encode(new string('x', 400));
        Assert.StartsWith("xxxx", hashed);
        Assert.Matches("~[0-9a-f]{64}$", hashed);
    }
}

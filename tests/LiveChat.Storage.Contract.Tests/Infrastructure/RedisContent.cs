namespace LiveChat.Storage.Contract.Tests.Infrastructure;

using System.Text;
using StackExchange.Redis;

/// <summary>A Redis server read raw, for the erasure tests: does any key or value hold the text?</summary>
public static class RedisContent
{
    /// <summary>Every key of the server and its value, whatever its type, searched for the text (UTF-8).</summary>
    public static async Task<bool> Holds(ConnectionMultiplexer connection, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var server = connection.GetServers().Single();
        var database = connection.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            if (((byte[])key!).AsSpan().IndexOf(needle) >= 0) return true;
            var values = await database.KeyTypeAsync(key) switch
            {
                RedisType.String => [await database.StringGetAsync(key)],
                RedisType.Hash => (await database.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }).ToArray(),
                RedisType.List => await database.ListRangeAsync(key),
                RedisType.Set => await database.SetMembersAsync(key),
                RedisType.SortedSet => await database.SortedSetRangeByRankAsync(key),
                _ => Array.Empty<RedisValue>(),
            };
            if (values.Any(v => !v.IsNull && ((byte[])v!).AsSpan().IndexOf(needle) >= 0)) return true;
        }
        return false;
    }
}

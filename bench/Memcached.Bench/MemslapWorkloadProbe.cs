using System.Globalization;
using TestKit;

namespace Memcached.Bench;

/// <summary>What one memslap set run stored, measured on the server.</summary>
internal sealed record MemslapWorkload(
    string Command,
    long Sets,
    long CurrentItems,
    int DistinctKeys,
    double MeanKeyLength,
    double MeanValueBytes,
    int MinValueBytes,
    int MaxValueBytes,
    long BytesRead,
    long ExpectedBytesRead)
{
    public int KeyLength => (int)Math.Round(MeanKeyLength);

    public int ValueBytes => (int)Math.Round(MeanValueBytes);
}

/// <summary>
/// Measures memslap's key and value sizes, which it does not let you choose. Method: flush_all, one
/// <c>memcslap --test=set --concurrency=1</c> run, then list every stored key with <c>lru_crawler metadump all</c> and read
/// each item back through our client: the mean of the actual value lengths is the size our side uses. As a cross-check
/// the server's <c>bytes_read</c> during the run is compared with the exact bytes of text-protocol
/// <c>set &lt;key&gt; 0 0 &lt;len&gt;\r\n&lt;value&gt;\r\n</c> commands for those keys and lengths (plus memslap's <c>quit</c>).
/// </summary>
internal static class MemslapWorkloadProbe
{
    public static async Task<MemslapWorkload> MeasureAsync(MemcachedServer server, IMemcachedClient client, int keys)
    {
        await client.FlushAllAsync();
        IReadOnlyDictionary<string, string> before = await StatsAsync(client);
        MemcslapResult run = await Memcslap.RunAsync(server.EndPoint, "set", 1, keys);
        IReadOnlyDictionary<string, string> after = await StatsAsync(client);

        List<string> stored = await MetadumpKeysAsync(server);
        long valueBytes = 0;
        long keyChars = 0;
        // Besides the sets: memslap's "quit" when it closes its connection, and our second stats request.
        long expectedBytesRead = "quit\r\n".Length + "stats\r\n".Length;
        int min = int.MaxValue;
        int max = 0;
        int found = 0;
        foreach (string[] batch in stored.Chunk(500))
        {
            IReadOnlyDictionary<string, GetResult> hits = await client.GetManyAsync(batch);
            foreach ((string key, GetResult hit) in hits)
            {
                using GetResult result = hit;
                int length = result.Value.Length;
                found++;
                valueBytes += length;
                keyChars += key.Length;
                min = Math.Min(min, length);
                max = Math.Max(max, length);
                expectedBytesRead += $"set {key} 0 0 {length.ToString(CultureInfo.InvariantCulture)}\r\n".Length + length + 2;
            }
        }

        if (found == 0)
        {
            throw new InvalidOperationException($"memslap stored no readable item ({stored.Count} keys listed; run: {run}).");
        }

        return new MemslapWorkload(
            Memcslap.CommandLine(server.EndPoint, "set", 1, keys),
            Delta(before, after, "cmd_set"),
            Stat(after, "curr_items"),
            found,
            (double)keyChars / found,
            (double)valueBytes / found,
            min,
            max,
            Delta(before, after, "bytes_read"),
            expectedBytesRead);
    }

    private static async Task<IReadOnlyDictionary<string, string>> StatsAsync(IMemcachedClient client) =>
        (await client.GetStatsAsync()).Values.Single();

    private static long Stat(IReadOnlyDictionary<string, string> stats, string name) =>
        long.Parse(stats[name], CultureInfo.InvariantCulture);

    private static long Delta(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, string name) =>
        Stat(after, name) - Stat(before, name);

    /// <summary>Every live key, from <c>lru_crawler metadump all</c> ("key=&lt;uri-encoded&gt; exp=… size=…" lines, then END).</summary>
    private static async Task<List<string>> MetadumpKeysAsync(MemcachedServer server)
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(30));
        await using RawTextConnection connection = await server.ConnectRawAsync(deadline.Token);
        while (true)
        {
            await connection.SendAsync("lru_crawler metadump all\r\n", deadline.Token);
            List<string> keys = [];
            bool busy = false;
            for (string line = await connection.ReadLineAsync(deadline.Token); line != "END"; line = await connection.ReadLineAsync(deadline.Token))
            {
                if (line.StartsWith("BUSY", StringComparison.Ordinal))
                {
                    // The crawler is still finishing an earlier pass; ask again shortly (bounded by the deadline).
                    busy = true;
                    break;
                }

                if (!line.StartsWith("key=", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Unexpected metadump line: '{line}'.");
                }

                int end = line.IndexOf(' ', StringComparison.Ordinal);
                keys.Add(Uri.UnescapeDataString(line[4..(end < 0 ? line.Length : end)]));
            }

            if (!busy)
            {
                return keys;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}

namespace Memcached.Bench;

/// <summary>Keys, values and the operations the sections time.</summary>
internal static class Workloads
{
    private const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary><paramref name="count"/> distinct keys "prefix:index".</summary>
    public static string[] Keys(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}:{i:D6}")];

    /// <summary>
    /// <paramref name="count"/> distinct alphanumeric keys of exactly <paramref name="length"/> characters (like
    /// memslap's): the index in base 36, padded with seeded random characters.
    /// </summary>
    public static string[] RandomKeys(int count, int length, int seed)
    {
        Random random = new(seed);
        string[] keys = new string[count];
        for (int i = 0; i < count; i++)
        {
            char[] key = new char[length];
            int index = i;
            for (int position = 0; position < length; position++)
            {
                // The first 6 characters hold the index (unique up to 36^6 keys); the rest are random.
                key[position] = position < 6 ? Alphanumeric[index % 36] : Alphanumeric[random.Next(Alphanumeric.Length)];
                index /= 36;
            }

            keys[i] = new string(key);
        }

        return keys;
    }

    /// <summary>A value of <paramref name="size"/> bytes with a repeating printable pattern.</summary>
    public static byte[] Value(int size)
    {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++)
        {
            value[i] = (byte)('a' + (i % 26));
        }

        return value;
    }

    /// <summary>For each worker, <paramref name="perWorker"/> uniformly random indexes into <paramref name="keyCount"/> keys (memslap's get pattern), drawn before the clock starts.</summary>
    public static int[][] RandomIndexes(int workers, int perWorker, int keyCount)
    {
        int[][] indexes = new int[workers][];
        for (int worker = 0; worker < workers; worker++)
        {
            Random random = new(worker + 1);
            indexes[worker] = new int[perWorker];
            for (int i = 0; i < perWorker; i++)
            {
                indexes[worker][i] = random.Next(keyCount);
            }
        }

        return indexes;
    }

    /// <summary>Every worker sets every key, in order (memslap's set pattern).</summary>
    public static BenchOperation SetInOrder(IBenchTarget target, string[] keys, ReadOnlyMemory<byte> value) =>
        (_, iteration) => target.SetAsync(keys[iteration % keys.Length], value);

    /// <summary>Each worker gets the keys its <paramref name="indexes"/> row names (from the start again when a timed warm-up outruns it).</summary>
    public static BenchOperation GetAt(IBenchTarget target, string[] keys, int[][] indexes, int expectedLength) =>
        (worker, iteration) => target.GetAsync(keys[indexes[worker][iteration % indexes[worker].Length]], expectedLength);

    /// <summary>Workers walk the keys from spread-out starting points, so they rarely hit the same key at once.</summary>
    public static BenchOperation SetSpread(IBenchTarget target, string[] keys, ReadOnlyMemory<byte> value) =>
        (worker, iteration) => target.SetAsync(keys[Spread(worker, iteration, keys.Length)], value);

    /// <inheritdoc cref="SetSpread"/>
    public static BenchOperation GetSpread(IBenchTarget target, string[] keys, int expectedLength) =>
        (worker, iteration) => target.GetAsync(keys[Spread(worker, iteration, keys.Length)], expectedLength);

    /// <summary>Stores every key (16 workers, untimed) and fails unless every store succeeded.</summary>
    public static async Task PreloadAsync(IBenchTarget target, string[] keys, ReadOnlyMemory<byte> value)
    {
        const int Workers = 16;
        LoadResult result = await LoadRunner.RunCountAsync(
            Workers,
            (keys.Length + Workers - 1) / Workers,
            (worker, iteration) => iteration * Workers + worker is var index && index < keys.Length
                ? target.SetAsync(keys[index], value)
                : ValueTask.FromResult(true));
        if (result.Failures != 0)
        {
            throw new InvalidOperationException($"Pre-loading {keys.Length} keys into {target.Name} failed {result.Failures} times: {result.FirstError}");
        }
    }

    /// <summary>
    /// Runs sets and gets at concurrency 1 and 16 for <paramref name="duration"/> in all, untimed, so that the JIT has
    /// tiered up the whole path (which takes time, not a count of calls) before a section measures anything.
    /// </summary>
    public static async Task WarmUpAsync(IBenchTarget target, TimeSpan duration)
    {
        string[] keys = Keys("bench:warmup", 256);
        byte[] value = Value(1024);
        await PreloadAsync(target, keys, value);
        foreach (int concurrency in new[] { 1, 16 })
        {
            await LoadRunner.RunTimedAsync(concurrency, duration / 4, SetSpread(target, keys, value), recorder: null);
            await LoadRunner.RunTimedAsync(concurrency, duration / 4, GetSpread(target, keys, value.Length), recorder: null);
        }
    }

    private static int Spread(int worker, long iteration, int keyCount) => (int)(((worker * 7919L) + iteration) % keyCount);
}

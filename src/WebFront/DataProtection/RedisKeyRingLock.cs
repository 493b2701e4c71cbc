using StackExchange.Redis;

namespace WebFront.DataProtection;

/// <summary>
/// A Redis lock beside the key ring (<c>SET key token NX PX</c>, released only by its holder). It expires
/// by itself, so a front-end that dies holding it blocks the others for at most <see cref="Expiry"/>.
/// </summary>
internal sealed class RedisKeyRingLock : IKeyRingLock
{
    internal static readonly TimeSpan Expiry = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Func<IDatabase> _database;
    private readonly RedisKey _key;
    private readonly TimeProvider _time;

    public RedisKeyRingLock(Func<IDatabase> database, string keyRingKey, TimeProvider time)
    {
        _database = database;
        _key = keyRingKey + ":init-lock";
        _time = time;
    }

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        IDatabase database = _database();
        RedisValue token = Guid.NewGuid().ToString("N");
        long started = _time.GetTimestamp();
        while (!await database.LockTakeAsync(_key, token, Expiry))
        {
            if (_time.GetElapsedTime(started) > Deadline)
            {
                throw new TimeoutException($"The key-ring lock '{_key}' in Redis was held by another front-end for more than {Deadline}.");
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }

        return new Held(database, _key, token);
    }

    private sealed class Held(IDatabase database, RedisKey key, RedisValue token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await database.LockReleaseAsync(key, token);
    }
}

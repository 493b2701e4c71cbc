using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sessions.AspNetCore.Client;
using Sessions.Client;
using Sessions.AspNetCore.Diagnostics;

namespace Sessions.AspNetCore.Store;

/// <summary>What every session of the process shares: calls, options, cookies, log and metrics.</summary>
internal sealed class SessionStoreServices(
    ISessionClient calls,
    SessionReadCache cache,
    SessionCookies cookies,
    IOptions<ClusterSessionOptions> options,
    SessionWebMetrics metrics,
    ILogger<ClusterSessionStore> logger)
{
    private int _blockingLoadWarned;

    public ISessionClient Calls { get; } = calls;

    public SessionCookies Cookies { get; } = cookies;

    public SessionReadCache Cache { get; } = cache;

    public ClusterSessionOptions Options { get; } = options.Value;

    public SessionWebMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;

    /// <summary>A token that fires after <paramref name="ioTimeout"/> or when <paramref name="cancellationToken"/> does; null when neither can.</summary>
    public static CancellationTokenSource? Budget(TimeSpan ioTimeout, CancellationToken cancellationToken)
    {
        if (ioTimeout == Timeout.InfiniteTimeSpan || ioTimeout <= TimeSpan.Zero)
        {
            return cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        }

        CancellationTokenSource source = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : new CancellationTokenSource();
        source.CancelAfter(ioTimeout);
        return source;
    }

    /// <summary>
    /// Loads a session: from this front-end's read cache while its lease lasts, otherwise from its grain within the budget
    /// (with a lease for the cache). Never throws (failures are logged, counted and returned).
    /// </summary>
    public Task<LoadOutcome> LoadAsync(string grainKey, TimeSpan ioTimeout, CancellationToken cancellationToken)
    {
        if (Cache.TryGet(grainKey) is { } cached)
        {
            Metrics.Loaded("cached", TimeSpan.Zero);
            return Task.FromResult(new LoadOutcome(cached, null));
        }

        return LoadFromGrainAsync(grainKey, ioTimeout, cancellationToken);
    }

    private async Task<LoadOutcome> LoadFromGrainAsync(string grainKey, TimeSpan ioTimeout, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        using CancellationTokenSource? budget = Budget(ioTimeout, cancellationToken);
        try
        {
            CancellationToken token = budget?.Token ?? CancellationToken.None;
            SessionSnapshot? snapshot = Cache.Enabled
                ? await Calls.LoadAsync(grainKey, Cache.Reference, token).ConfigureAwait(false)
                : await Calls.LoadAsync(grainKey, token).ConfigureAwait(false);
            if (snapshot is not null)
            {
                snapshot = Cache.Keep(grainKey, snapshot, started);
            }

            Metrics.Loaded(snapshot is null ? "missing" : "found", Stopwatch.GetElapsedTime(started));
            return new LoadOutcome(snapshot, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            Metrics.Loaded("failed", elapsed);
            string reason = ex is OperationCanceledException ? $"no answer within the I/O timeout of {ioTimeout}" : ex.GetType().Name;
            SessionWebLog.LoadFailed(Logger, elapsed.TotalMilliseconds, reason, ex);
            return new LoadOutcome(null, new ClusterSessionUnavailableException($"The session could not be loaded: {reason}.", ex));
        }
    }

    /// <summary>Counts a synchronous wait for a load and warns once per process.</summary>
    public void BlockingLoad()
    {
        Metrics.BlockingLoad();
        if (Interlocked.Exchange(ref _blockingLoadWarned, 1) == 0)
        {
            SessionWebLog.BlockingLoad(Logger);
        }
    }
}

/// <summary>The result of a load: the snapshot (null when there is no session) or the failure.</summary>
internal readonly record struct LoadOutcome(SessionSnapshot? Snapshot, ClusterSessionUnavailableException? Failure);

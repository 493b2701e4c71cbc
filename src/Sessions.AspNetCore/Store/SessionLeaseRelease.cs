using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sessions.AspNetCore.Diagnostics;
using Sessions.Client;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// When the front-end shuts down, before the server and the Orleans client stop: stops serving the read cache's copies
/// and releases their leases, so that the first change to those sessions through another front-end evicts nothing and
/// waits for nothing (a rolling restart delays no change). It takes at most the longest lease: by then every lease has
/// run out anyway. A front-end that dies without stopping is waited out instead, one lease at most.
/// </summary>
internal sealed class SessionLeaseRelease(SessionReadCache cache, ISessionClient calls, ILogger<SessionLeaseRelease> logger) : IHostedLifecycleService
{
    private const int Parallelism = 64;

    // Leases the grains confirmed released (the service stops once).
    private int _released;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!cache.Enabled)
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(cache.LongestLease);
        IReadOnlyList<string> held = cache.Close();
        int asked = held.Count;
        try
        {
            await ReleaseAsync(held, budget.Token).ConfigureAwait(false);
            IReadOnlyList<string> late = cache.TakeLeasedAfterClose();
            asked += late.Count;
            await ReleaseAsync(late, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The leases not released yet run out by themselves.
        }

        if (asked > 0)
        {
            int released = Volatile.Read(ref _released);
            SessionWebLog.LeasesReleased(logger, released, asked - released, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Releases this cache's leases on <paramref name="sessions"/>, counting those the grains confirmed.</summary>
    private Task ReleaseAsync(IReadOnlyList<string> sessions, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (grainKey, token) =>
        {
            try
            {
                await calls.ReleaseLeaseAsync(grainKey, cache.Reference, token).ConfigureAwait(false);
                Interlocked.Increment(ref _released);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // That grain waits the lease out, as for a front-end that died.
            }
        });

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

namespace Memcached.Connections;

/// <summary>
/// Completions of one client handed to the thread pool and not yet run. Each of them resumes a caller that is
/// likely to send its next request at once, so while any are queued a new request is not sent alone: it waits
/// (one thread-pool hop) for theirs to join it in one write.
/// </summary>
internal sealed class CompletionBacklog
{
    private int _queued;

    /// <summary>Whether no completion is waiting to run.</summary>
    public bool IsEmpty => Volatile.Read(ref _queued) == 0;

    public void Queued() => Interlocked.Increment(ref _queued);

    public void Running() => Interlocked.Decrement(ref _queued);
}

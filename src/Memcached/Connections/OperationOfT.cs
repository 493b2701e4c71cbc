using System.Threading.Tasks.Sources;

namespace Memcached.Connections;

/// <summary>An operation whose caller awaits a <typeparamref name="T"/>.</summary>
internal abstract class Operation<T> : Operation, IValueTaskSource<T>, IThreadPoolWorkItem
{
    // Completed from a thread-pool work item of its own (see Complete), which then runs the caller's continuation.
    private ManualResetValueTaskSourceCore<T> _source;
    private CancellationTokenRegistration _cancellation;
    private int _completed;
    private T? _result;
    private Exception? _exception;

    public override bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>The task the caller awaits (once).</summary>
    public ValueTask<T> Task => new(this, _source.Version);

    /// <summary>Completes the operation as cancelled when <paramref name="cancellationToken"/> fires.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Operation<T>)state!).Cancel(token), this);
        }
    }

    /// <summary>
    /// Gives up an operation that never reached a connection (its caller gets the exception instead): drops its
    /// cancellation registration, which would otherwise keep it alive as long as the caller's token.
    /// </summary>
    public void Abandon() => TryClaim();

    public override void Fail(Exception exception)
    {
        if (TryClaim())
        {
            Complete(default, exception);
        }
    }

    public override void Cancel(CancellationToken cancellationToken)
    {
        if (TryClaim())
        {
            Complete(default, new OperationCanceledException(cancellationToken));
        }
    }

    /// <summary>Gives the caller its result; returns <see langword="false"/> when the operation had already completed.</summary>
    protected bool TrySetResult(T result)
    {
        if (!TryClaim())
        {
            return false;
        }

        Complete(result, null);
        return true;
    }

    /// <summary>
    /// Hands the outcome to the caller from the thread pool's global queue, never inline: the receive loop goes on
    /// with the next reply, and the callers of one batch of replies, queued in reply order, all run before a send
    /// that one of them schedules (it queues behind them), so their next requests leave in one write.
    /// </summary>
    private void Complete(T? result, Exception? exception)
    {
        _result = result;
        _exception = exception;
        Backlog?.Queued();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        Backlog?.Running(); // before the caller resumes: its own next request must not wait for itself

        if (_exception is { } exception)
        {
            _source.SetException(exception);
        }
        else
        {
            _source.SetResult(_result!);
        }
    }

    private bool TryClaim()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        _cancellation.Unregister();
        return true;
    }

    T IValueTaskSource<T>.GetResult(short token) => _source.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}

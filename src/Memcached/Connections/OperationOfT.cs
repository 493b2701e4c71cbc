using System.Threading.Tasks.Sources;

namespace Memcached.Connections;

/// <summary>An operation whose caller awaits a <typeparamref name="T"/>.</summary>
internal abstract class Operation<T> : Operation, IValueTaskSource<T>
{
    private ManualResetValueTaskSourceCore<T> _source = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private int _completed;

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

    public override void Fail(Exception exception)
    {
        if (TryClaim())
        {
            _source.SetException(exception);
        }
    }

    public override void Cancel(CancellationToken cancellationToken)
    {
        if (TryClaim())
        {
            _source.SetException(new OperationCanceledException(cancellationToken));
        }
    }

    /// <summary>Gives the caller its result; returns <see langword="false"/> when the operation had already completed.</summary>
    protected bool TrySetResult(T result)
    {
        if (!TryClaim())
        {
            return false;
        }

        _source.SetResult(result);
        return true;
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

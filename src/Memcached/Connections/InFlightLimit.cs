namespace Memcached.Connections;

/// <summary>
/// The per-node limit of requests in flight. Taking and returning a slot is one interlocked operation while
/// slots are free (a <see cref="SemaphoreSlim"/> takes its lock on both, and the receive loop returning slots
/// contends with every caller taking one); only a caller that finds none left waits, on a semaphore that
/// counts the slots handed over to waiters.
/// </summary>
internal sealed class InFlightLimit(int slots)
{
    // Free slots minus waiting callers: negative while callers wait.
    private int _balance = slots;
    private readonly SemaphoreSlim _handedOver = new(0);

    /// <summary>Takes a slot at once if one is free.</summary>
    public bool TryTake()
    {
        var balance = Volatile.Read(ref _balance);
        while (balance > 0)
        {
            var seen = Interlocked.CompareExchange(ref _balance, balance - 1, balance);
            if (seen == balance)
            {
                return true;
            }

            balance = seen;
        }

        return false;
    }

    /// <summary>Takes a slot, waiting up to <paramref name="timeout"/>; false when none came free in time.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first (no slot is held).</exception>
    public async ValueTask<bool> TakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _balance) >= 0)
        {
            return true;
        }

        var handedOver = false;
        try
        {
            handedOver = await _handedOver.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!handedOver && !Withdraw())
            {
                // A returned slot was already handed over to the waiters on our behalf: take it and give it back.
                await _handedOver.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                Return();
            }
        }

        return handedOver;
    }

    /// <summary>Returns a slot, handing it to a waiting caller if there is one.</summary>
    public void Return()
    {
        if (Interlocked.Increment(ref _balance) <= 0)
        {
            _handedOver.Release();
        }
    }

    /// <summary>Stops waiting: true when no slot had been handed over for this waiter yet.</summary>
    private bool Withdraw()
    {
        var balance = Volatile.Read(ref _balance);
        while (balance < 0)
        {
            var seen = Interlocked.CompareExchange(ref _balance, balance + 1, balance);
            if (seen == balance)
            {
                return true;
            }

            balance = seen;
        }

        return false;
    }
}

namespace WebFront.DataProtection;

/// <summary>A lock shared by every front-end using one key ring, held while the ring's first key is created.</summary>
internal interface IKeyRingLock
{
    /// <summary>Waits for the lock (polling up to a deadline); disposing the result releases it.</summary>
    /// <exception cref="TimeoutException">Another holder kept it past the deadline.</exception>
    Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken);
}

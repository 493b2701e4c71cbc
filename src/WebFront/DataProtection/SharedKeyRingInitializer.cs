using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using WebFront.Diagnostics;

namespace WebFront.DataProtection;

/// <summary>
/// Makes sure the shared key ring holds a usable key before this front-end serves anything, creating it
/// under a lock kept in the ring's own store. ASP.NET Core creates the first key lazily, on each
/// instance's first protect; front-ends started together on an empty ring would each create their own,
/// and until their key rings refresh, a cookie issued by one is a stranger to the others.
/// </summary>
internal sealed class SharedKeyRingInitializer : IHostedLifecycleService
{
    private readonly IKeyManager _keys;
    private readonly IKeyRingLock _ringLock;
    private readonly KeyManagementOptions _keyOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SharedKeyRingInitializer(IKeyManager keys, IKeyRingLock ringLock, IOptions<KeyManagementOptions> keyOptions, TimeProvider time, ILogger<SharedKeyRingInitializer> logger)
    {
        _keys = keys;
        _ringLock = ringLock;
        _keyOptions = keyOptions.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs before any hosted service starts, so before the server accepts a request.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using IAsyncDisposable held = await _ringLock.AcquireAsync(cancellationToken);
            DateTimeOffset now = _time.GetUtcNow();
            if (_keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                return;
            }

            IKey key = _keys.CreateNewKey(now, now + _keyOptions.NewKeyLifetime);
            WebFrontLog.KeyRingKeyCreated(_logger, key.KeyId, key.ExpirationDate);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the store the first request creates the key as ASP.NET Core always does; starting stays possible.
            WebFrontLog.KeyRingCheckFailed(_logger, ex);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

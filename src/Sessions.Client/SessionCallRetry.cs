using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Sessions.Client.Diagnostics;

namespace Sessions.Client;

/// <summary>Runs one idempotent session call with a per-attempt timeout and jittered, budgeted retries.</summary>
internal sealed class SessionCallRetry
{
    private readonly SessionClientOptions _options;
    private readonly TimeProvider _time;
    private readonly SessionClientMetrics _metrics;
    private readonly ILogger _logger;

    public SessionCallRetry(SessionClientOptions options, TimeProvider time, SessionClientMetrics metrics, ILogger logger)
    {
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<T> RunAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var remaining = _options.TotalTimeout - _time.GetElapsedTime(started);
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptToken.CancelAfter(remaining < _options.CallTimeout ? Positive(remaining) : _options.CallTimeout);
            try
            {
                var result = await call(attemptToken.Token).ConfigureAwait(false);
                _metrics.Completed(method, ok: true, _time.GetElapsedTime(started));
                return result;
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                var elapsed = _time.GetElapsedTime(started);
                var delay = Backoff(attempt);
                if (elapsed + delay >= _options.TotalTimeout)
                {
                    _metrics.Completed(method, ok: false, elapsed);
                    _logger.GaveUp(method, attempt, elapsed, ex);
                    if (ex is OperationCanceledException)
                    {
                        throw new TimeoutException($"Session call {method} did not complete within {_options.TotalTimeout} ({attempt} attempts of at most {_options.CallTimeout}).", ex);
                    }

                    throw;
                }

                _metrics.Retried(method, ex);
                _logger.Retrying(method, attempt, ex.GetType().Name, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _metrics.Completed(method, ok: false, _time.GetElapsedTime(started));
                throw;
            }
        }
    }

    /// <summary>
    /// Failures where the call may not have run, or ran on a silo that is gone: safe to repeat because
    /// every session call is idempotent. The caller's own cancellation is never retried.
    /// </summary>
    internal static bool IsTransient(Exception error, CancellationToken callerToken) =>
        !callerToken.IsCancellationRequested && error switch
        {
            SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or ConnectionFailedException or TimeoutException => true,
            SessionConflictException or SessionStorageUnavailableException => true,
            OperationCanceledException => true,
            _ => false,
        };

    /// <summary>Full jitter: uniform in [0, min(max, initial × 2^(attempt-1))].</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = _options.InitialBackoff * Math.Pow(2, Math.Min(attempt - 1, 16));
        if (ceiling > _options.MaxBackoff)
        {
            ceiling = _options.MaxBackoff;
        }

        return ceiling * Random.Shared.NextDouble();
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.FromMilliseconds(1) ? value : TimeSpan.FromMilliseconds(1);
}

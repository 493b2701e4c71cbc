namespace Sessions.Diagnostics;

/// <summary>
/// The clock of session expiry (idle timeout, absolute lifetime, touch batching). A separate service,
/// not the container's <see cref="TimeProvider"/>, so tests can move session time without moving the
/// clocks Orleans itself runs on (membership, timeouts).
/// </summary>
/// <param name="time">The time source; <see cref="TimeProvider.System"/> in production.</param>
public sealed class SessionClock(TimeProvider time)
{
    /// <summary>The system clock.</summary>
    public SessionClock()
        : this(TimeProvider.System)
    {
    }

    /// <summary>The time source.</summary>
    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Now.</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();
}

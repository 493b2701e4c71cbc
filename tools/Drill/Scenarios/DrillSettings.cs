namespace Drill.Scenarios;

/// <summary>How hard and how long each drill runs.</summary>
internal sealed record DrillSettings
{
    /// <summary>Virtual users (each its own session).</summary>
    public int Users { get; init; } = 48;

    /// <summary>Load before the fault (its latency is the baseline).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Load after the fault is complete.</summary>
    public TimeSpan Observe { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause between a user's steps, in ms (uniform between the two).</summary>
    public (int Min, int Max) ThinkMs { get; init; } = (10, 50);
}

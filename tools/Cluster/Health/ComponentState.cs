namespace LocalCluster.Health;

/// <summary>What a component is doing, as the status table shows it.</summary>
public enum ComponentState
{
    /// <summary>No process.</summary>
    Down,

    /// <summary>The process runs but does not serve (yet).</summary>
    Starting,

    /// <summary>Frozen (SIGSTOP).</summary>
    Paused,

    /// <summary>Serves, with a dependency missing (a silo whose memcached does not answer).</summary>
    Degraded,

    /// <summary>Serves.</summary>
    Healthy,
}

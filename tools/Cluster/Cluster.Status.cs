using LocalCluster.Health;
using LocalCluster.Processes;

namespace LocalCluster;

/// <summary>One row of the status table.</summary>
/// <param name="Name">The component.</param>
/// <param name="Address">Its URL or host:port.</param>
/// <param name="Pid">Its process id; null when it does not run.</param>
/// <param name="State">What it is doing.</param>
public sealed record ComponentStatus(string Name, string Address, int? Pid, ComponentState State);

public sealed partial class Cluster
{
    /// <summary>The state of every component (probed in parallel).</summary>
    public async Task<IReadOnlyList<ComponentStatus>> StatusAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Components.Select(async spec =>
        {
            if (Running(spec.Name) is not { } record)
            {
                return new ComponentStatus(spec.Name, spec.Address, null, ComponentState.Down);
            }

            var state = ProcFs.State(record.Pid) == 'T' ? ComponentState.Paused : await HealthProbe.CheckAsync(spec, cancellationToken);
            return new ComponentStatus(spec.Name, spec.Address, record.Pid, state);
        }));

    /// <summary>
    /// Waits until every component serves, or throws at the deadline naming those that do not. With
    /// <paramref name="healthy"/> a degraded component does not count: a silo is degraded while its memcached client
    /// still holds a node for down (it re-admits a restarted node after a probe, up to seconds later).
    /// </summary>
    public async Task WaitAllServingAsync(TimeSpan timeout, CancellationToken cancellationToken = default, bool healthy = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync(cancellationToken);
            var notServing = status.Where(s => s.State != ComponentState.Healthy && (healthy || s.State != ComponentState.Degraded)).ToList();
            if (notServing.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not serving after {timeout.TotalSeconds:0} s: {string.Join(", ", notServing.Select(s => $"{s.Name} ({s.State})"))}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}

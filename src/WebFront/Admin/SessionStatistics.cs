namespace WebFront.Admin;

/// <summary>Active session grains per silo, from Orleans' management grain.</summary>
internal sealed class SessionStatistics(IClusterClient client)
{
    public async Task<StatisticsReport> ReadAsync(CancellationToken cancellationToken)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        SimpleGrainStatistic[] statistics = await management.GetSimpleGrainStatistics().WaitAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<SiloAddress, SiloStatus> silos = await management.GetHosts(onlyActive: true).WaitAsync(cancellationToken).ConfigureAwait(false);
        var perSilo = silos.Keys
            .Select(silo => new SiloReport(
                silo.ToString(),
                Count(statistics, silo, "SessionGrain"),
                Count(statistics, silo, "UserSessionsGrain")))
            .OrderBy(s => s.Silo, StringComparer.Ordinal)
            .ToList();
        return new StatisticsReport(perSilo.Sum(s => s.ActiveSessions), perSilo.Sum(s => s.ActiveUserIndexes), perSilo);
    }

    private static int Count(SimpleGrainStatistic[] statistics, SiloAddress silo, string grainClass) =>
        statistics
            .Where(s => s.SiloAddress.Equals(silo) && IsClass(s.GrainType, grainClass))
            .Sum(s => s.ActivationCount);

    // Grain types are reported as type names, possibly assembly-qualified; match the class name exactly, not as a suffix of another.
    private static bool IsClass(string grainType, string grainClass)
    {
        string name = grainType.Split(',')[0].Trim();
        return name.EndsWith("." + grainClass, StringComparison.Ordinal) || string.Equals(name, grainClass, StringComparison.Ordinal);
    }
}

/// <summary>Session statistics of the cluster.</summary>
/// <param name="ActiveSessions">Session grain activations in the cluster (sessions used recently; idle ones are collected and reload on demand).</param>
/// <param name="ActiveUserIndexes">Per-user index activations.</param>
/// <param name="Silos">The same per active silo.</param>
internal sealed record StatisticsReport(int ActiveSessions, int ActiveUserIndexes, IReadOnlyList<SiloReport> Silos);

/// <summary>Session statistics of one silo.</summary>
internal sealed record SiloReport(string Silo, int ActiveSessions, int ActiveUserIndexes);

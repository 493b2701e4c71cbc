using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Memcached;

namespace Sessions.Silo.Options;

/// <summary>Checks the host's configuration before anything starts; every problem names its key.</summary>
internal static class SiloHostOptionsValidator
{
    public static IReadOnlyList<string> Check(SiloHostOptions options, IConfiguration configuration)
    {
        const string s = SiloHostOptions.SectionName;
        List<string> errors = [];
        void Port(int value, string key)
        {
            if (value is < 1 or > 65535)
            {
                errors.Add($"{s}:{key} is {value}; it must be a TCP port (1-65535).");
            }
        }

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{s}:{key} is {value}; it must be positive.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{s}:ClusterId is empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{s}:ServiceId is empty.");
        }

        Port(options.SiloPort, nameof(options.SiloPort));
        Port(options.GatewayPort, nameof(options.GatewayPort));
        Port(options.HttpPort, nameof(options.HttpPort));
        if (new[] { options.SiloPort, options.GatewayPort, options.HttpPort }.Distinct().Count() < 3)
        {
            errors.Add($"{s}:SiloPort ({options.SiloPort}), {s}:GatewayPort ({options.GatewayPort}) and {s}:HttpPort ({options.HttpPort}) must differ.");
        }

        if (options.AdvertisedIPAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            errors.Add($"{s}:AdvertisedIPAddress '{address}' is not an IP address.");
        }

        Positive(options.ShutdownTimeout, nameof(options.ShutdownTimeout));
        Positive(options.FailureDetection.ProbeTimeout, "FailureDetection:ProbeTimeout");
        Positive(options.FailureDetection.TableRefreshTimeout, "FailureDetection:TableRefreshTimeout");
        if (options.FailureDetection.NumMissedProbesLimit < 1)
        {
            errors.Add($"{s}:FailureDetection:NumMissedProbesLimit is {options.FailureDetection.NumMissedProbesLimit}; it must be at least 1.");
        }

        if (options.FailureDetection.NumVotesForDeathDeclaration < 1)
        {
            errors.Add($"{s}:FailureDetection:NumVotesForDeathDeclaration is {options.FailureDetection.NumVotesForDeathDeclaration}; it must be at least 1.");
        }

        if (options.LogFormat is not ("auto" or "json" or "simple"))
        {
            errors.Add($"{s}:LogFormat '{options.LogFormat}' is not auto, json or simple.");
        }

        if (!options.Dashboard.Path.StartsWith('/'))
        {
            errors.Add($"{s}:Dashboard:Path '{options.Dashboard.Path}' must start with '/'.");
        }

        if (options.Clustering == ClusteringMode.Redis && string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis")))
        {
            errors.Add($"{s}:Clustering is Redis but ConnectionStrings:redis is not set.");
        }

        var memcached = new MemcachedClientOptions();
        MemcachedServiceCollectionExtensions.Bind(memcached, configuration);
        if (memcached.Servers.Count == 0)
        {
            errors.Add("Memcached:Servers:0 is not set (nor ConnectionStrings:memcached); the silo needs memcached for sessions.");
        }

        return errors;
    }
}

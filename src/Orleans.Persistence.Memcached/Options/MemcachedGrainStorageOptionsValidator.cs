using System.Globalization;
using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Configuration;

/// <summary>
/// Validates a memcached grain storage provider's options when the silo starts, reporting every
/// problem with its configuration key (<c>Orleans:GrainStorage:&lt;name&gt;:…</c>).
/// </summary>
public sealed class MemcachedGrainStorageOptionsValidator : IConfigurationValidator
{
    private readonly MemcachedGrainStorageOptions _options;
    private readonly string _name;
    private readonly IServiceProvider _services;

    /// <summary>Creates a validator for the provider <paramref name="name"/>.</summary>
    public MemcachedGrainStorageOptionsValidator(MemcachedGrainStorageOptions options, string name, IServiceProvider services)
    {
        _options = options;
        _name = name;
        _services = services;
    }

    /// <inheritdoc />
    public void ValidateConfiguration()
    {
        var errors = Check(_options, _name, _services);
        if (errors.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Invalid configuration of memcached grain storage '{_name}':{Environment.NewLine}- {string.Join($"{Environment.NewLine}- ", errors)}");
        }
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its key.</summary>
    public static IReadOnlyList<string> Check(MemcachedGrainStorageOptions options, string name, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = $"Orleans:GrainStorage:{name}";
        var errors = new List<string>();
        if (options.Client.Servers.Count > 0)
        {
            errors.AddRange(MemcachedClientOptionsValidator.Check(options.Client, $"{section}:Client"));
        }
        else if (services is not null && !HasSharedClient(options, services))
        {
            errors.Add($"{section}:Client:Servers is empty and no shared IMemcachedClient{(options.ClientServiceKey is { } key ? $" with key '{key}'" : string.Empty)} is registered: list servers or call AddMemcachedClient.");
        }

        if (options.MaxStateSize is < 1 or > 1024 * 1024 * 1024)
        {
            errors.Add($"{section}:MaxStateSize is {options.MaxStateSize}; it must be between 1 and 1073741824 bytes.");
        }

        if (options.MaxItemSize is < MinItemSize or > 1024 * 1024 * 1024)
        {
            errors.Add($"{section}:MaxItemSize is {options.MaxItemSize}; it must be between {MinItemSize} and 1073741824 bytes (memcached's -I).");
        }

        if (options.CompressionThreshold is < 0)
        {
            errors.Add($"{section}:CompressionThreshold is {options.CompressionThreshold}; it must be 0 or more (leave it unset to never compress).");
        }

        var servers = options.Client.Servers.Count;
        errors.AddRange(CheckReplication(options, section, servers));

        if (options.KeyPrefix is { } prefix && !StateKeys.IsUsablePrefix(prefix))
        {
            errors.Add($"{section}:KeyPrefix is too long for memcached keys (at most {StateKeys.MaxPrefixBytes} UTF-8 bytes).");
        }

        if (options.EntryTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            errors.Add($"{section}:EntryTtl is {ttl}; it must be positive (leave it unset for no expiry).");
        }

        foreach (var (key, value) in options.EntryTtlOverrides.Where(p => p.Value <= TimeSpan.Zero))
        {
            errors.Add($"{section}:EntryTtlOverrides:{key} is {value}; it must be positive.");
        }

        if (options.GrainStorageSerializer is null)
        {
            errors.Add($"{section}:GrainStorageSerializer is not set and the silo has no default grain storage serializer.");
        }

        return errors;
    }

    /// <summary>
    /// Problems with <c>ReplicaCount</c> and <c>WriteQuorum</c> given <paramref name="nodes"/> memcached nodes
    /// (0 when not known yet: a shared client is checked again when the provider starts).
    /// </summary>
    internal static IEnumerable<string> CheckReplication(MemcachedGrainStorageOptions options, string section, int nodes)
    {
        if (options.ReplicaCount is { } replicas && (replicas < 1 || (nodes > 0 && replicas > nodes)))
        {
            yield return nodes > 0
                ? $"{section}:ReplicaCount is {replicas}; it must be between 1 and the number of memcached servers ({nodes})."
                : $"{section}:ReplicaCount is {replicas}; it must be 1 or more.";
        }

        var effective = options.ReplicaCount ?? (nodes > 0 ? Math.Min(2, nodes) : null);
        if (options.WriteQuorum is { } quorum && (quorum < 1 || quorum > effective))
        {
            yield return $"{section}:WriteQuorum is {quorum}; it must be between 1 and the replica count ({(effective is { } e ? e.ToString(CultureInfo.InvariantCulture) : "ReplicaCount")}).";
        }
    }

    /// <summary>Smallest accepted <see cref="MemcachedGrainStorageOptions.MaxItemSize"/>: room for a record header, a long key and some payload.</summary>
    internal const int MinItemSize = 16 * 1024;

    private static bool HasSharedClient(MemcachedGrainStorageOptions options, IServiceProvider services) =>
        options.ClientServiceKey is { } key
            ? services.GetKeyedService<IMemcachedClient>(key) is not null
            : services.GetService<IMemcachedClient>() is not null;
}

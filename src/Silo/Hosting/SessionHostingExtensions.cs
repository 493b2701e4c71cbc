using Microsoft.Extensions.Configuration.Memory;
using Sessions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>The silo's sessions: the shared memcached client, the "sessions" grain storage on it, and the session grains.</summary>
internal static class SessionHostingExtensions
{
    private const string StorageSection = $"Orleans:GrainStorage:{SessionGrainOptions.DefaultStorageName}";

    /// <summary>
    /// Adds, with the lowest precedence, the configuration that makes Orleans register the grain storage
    /// <c>sessions</c> on memcached (records deleted on clear), so that every storage option can be set under
    /// <c>Orleans:GrainStorage:sessions:*</c> — the keys the storage's validation names. With no
    /// <c>Client:Servers</c> there, the storage uses the shared client of <see cref="AddSessionGrains"/>.
    /// Call before <c>UseOrleans</c>, which reads it.
    /// </summary>
    public static void AddSessionStorageDefaults(this IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [$"{StorageSection}:ProviderType"] = "Memcached",
                [$"{StorageSection}:DeleteStateOnClear"] = "true",
            },
        });

    /// <summary>
    /// Registers memcached (<c>Memcached:*</c> or <c>ConnectionStrings:memcached</c>), shared by the grain storage,
    /// and the session grains (<c>Sessions:*</c>).
    /// </summary>
    public static WebApplicationBuilder AddSessionGrains(this WebApplicationBuilder builder)
    {
        builder.Services.AddMemcachedClient(builder.Configuration);
        builder.Services.AddSessionGrains(builder.Configuration);
        builder.Services.AddSessionGrainClient(builder.Configuration);
        return builder;
    }
}

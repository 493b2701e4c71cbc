using Sessions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>The silo's sessions: the shared memcached client, the "sessions" grain storage on it, and the session grains.</summary>
internal static class SessionHostingExtensions
{
    /// <summary>
    /// Registers memcached (<c>Memcached:*</c> or <c>ConnectionStrings:memcached</c>), the grain storage
    /// <c>sessions</c> on that client (records deleted on clear), and the session grains (<c>Sessions:*</c>).
    /// </summary>
    public static WebApplicationBuilder AddSessionGrains(this WebApplicationBuilder builder)
    {
        builder.Services.AddMemcachedClient(builder.Configuration);
        builder.Services.AddMemcachedGrainStorage(SessionGrainOptions.DefaultStorageName, (Orleans.Configuration.MemcachedGrainStorageOptions o) => o.DeleteStateOnClear = true);
        builder.Services.AddSessionGrains(builder.Configuration);
        builder.Services.AddSessionGrainClient(builder.Configuration);
        return builder;
    }
}

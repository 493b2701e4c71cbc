using Memcached;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("Memcached", "GrainStorage", "Silo", typeof(MemcachedGrainStorageProviderBuilder))]

namespace Orleans.Hosting;

/// <summary>
/// Configuration-driven registration: <c>Orleans:GrainStorage:&lt;name&gt;:ProviderType=Memcached</c>, with the
/// options in the same section (<c>Client:Servers:0</c>, <c>KeyPrefix</c>, <c>EntryTtl</c>, …), or
/// <c>ConnectionName</c> naming a connection string (<c>host1:11211,host2:11211</c>), or
/// <c>ServiceKey</c> naming a keyed <see cref="IMemcachedClient"/> to share.
/// </summary>
internal sealed class MemcachedGrainStorageProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.AddMemcachedGrainStorage(name ?? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (OptionsBuilder<MemcachedGrainStorageOptions> options) =>
            options.Configure<IServiceProvider>((o, services) =>
            {
                configurationSection.Bind(o);
                o.ClientServiceKey ??= configurationSection["ServiceKey"];
                var connectionName = configurationSection["ConnectionName"];
                if (o.Client.Servers.Count == 0 && !string.IsNullOrEmpty(connectionName)
                    && services.GetRequiredService<IConfiguration>().GetConnectionString(connectionName) is { Length: > 0 } servers)
                {
                    foreach (var server in servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        o.Client.Servers.Add(server);
                    }
                }
            }));
}

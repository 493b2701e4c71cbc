using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Sessions.Silo.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The silo's cluster wiring: options, logging, HTTP port, clustering, failure detection, shutdown.</summary>
internal static class SiloDefaultsExtensions
{
    /// <summary>Reads and validates <c>Silo:*</c> (throws naming the bad keys), and configures the Orleans silo.</summary>
    public static WebApplicationBuilder AddSiloDefaults(this WebApplicationBuilder builder)
    {
        var options = Sessions.Silo.Hosting.SiloConfiguration.Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.ConfigureConsoleLogs(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(options.HttpPort));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Configuration.AddSessionStorageDefaults();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            ConfigureClustering(silo, options, builder.Configuration);
            if (InKubernetes(options))
            {
                silo.UseKubernetesHosting();
            }

            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = options.FailureDetection.ProbeTimeout;
                membership.NumMissedProbesLimit = options.FailureDetection.NumMissedProbesLimit;
                membership.NumVotesForDeathDeclaration = options.FailureDetection.NumVotesForDeathDeclaration;
                membership.TableRefreshTimeout = options.FailureDetection.TableRefreshTimeout;
            });
            if (options.Dashboard.Enabled)
            {
                Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(silo);
            }
        });
        return builder;
    }

    private static void ConfigureClustering(ISiloBuilder silo, SiloHostOptions options, IConfiguration configuration)
    {
        if (options.Clustering == ClusteringMode.Localhost)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
            return;
        }

        silo.UseRedisClustering(configuration.GetConnectionString("redis")!);
        if (!InKubernetes(options))
        {
            silo.ConfigureEndpoints(AdvertisedAddress(options), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = options.SiloPort;
                endpoints.GatewayPort = options.GatewayPort;
            });
        }
    }

    private static bool InKubernetes(SiloHostOptions options) => options.Kubernetes switch
    {
        KubernetesMode.Enabled => true,
        KubernetesMode.Disabled => false,
        _ => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAME")),
    };

    private static IPAddress AdvertisedAddress(SiloHostOptions options)
    {
        if (options.AdvertisedIPAddress is { Length: > 0 } configured)
        {
            return IPAddress.Parse(configured);
        }

        foreach (var address in Dns.GetHostAddresses(Dns.GetHostName()))
        {
            if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            {
                return address;
            }
        }

        return IPAddress.Loopback;
    }

    private static void ConfigureConsoleLogs(this WebApplicationBuilder builder, SiloHostOptions options)
    {
        var json = options.LogFormat == "json" || (options.LogFormat == "auto" && Console.IsOutputRedirected);
        builder.Logging.ClearProviders();
        if (json)
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
    }
}

using System.Text.Json;
using Sessions.Silo.Options;

namespace Deploy.Tests.Support;

/// <summary>The ports the apps listen on with the configuration a pod gives them.</summary>
internal static class AppPorts
{
    /// <summary>Silo:SiloPort, Silo:GatewayPort, Silo:HttpPort: the pod's values, else the options' defaults.</summary>
    public static (int Silo, int Gateway, int Http) Silo(IReadOnlyDictionary<string, EnvEntry> env)
    {
        SiloHostOptions defaults = new();
        return (
            Int(env, "Silo__SiloPort", defaults.SiloPort),
            Int(env, "Silo__GatewayPort", defaults.GatewayPort),
            Int(env, "Silo__HttpPort", defaults.HttpPort));
    }

    /// <summary>The front-end's HTTP port: a Urls / ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS variable, else appsettings.json "Urls".</summary>
    public static int WebFront(IReadOnlyDictionary<string, EnvEntry> env)
    {
        foreach (var name in new[] { "Urls", "ASPNETCORE_URLS" })
        {
            if (env.TryGetValue(name, out var urls) && urls.Value is not null)
            {
                return new Uri(urls.Value.Split(';')[0].Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
            }
        }

        using var settings = JsonDocument.Parse(File.ReadAllText(Repo.PathOf("src", "WebFront", "appsettings.json")));
        return settings.RootElement.TryGetProperty("Urls", out var configured)
            ? new Uri(configured.GetString()!.Split(';')[0]).Port
            : throw new Xunit.Sdk.XunitException("src/WebFront/appsettings.json has no Urls and the pod sets none: the port would be the image's default.");
    }

    private static int Int(IReadOnlyDictionary<string, EnvEntry> env, string name, int fallback) =>
        env.TryGetValue(name, out var entry) ? int.Parse(entry.Value!, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

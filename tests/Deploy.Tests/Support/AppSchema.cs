using Memcached;
using Orleans.Hosting.Kubernetes;
using Sessions.AspNetCore;
using Sessions.Client;
using Sessions.Configuration;
using Sessions.Silo.Options;
using WebFront.Options;

namespace Deploy.Tests.Support;

/// <summary>
/// What an app reads from configuration: configuration sections bound to its options classes (the real types from
/// the app's assemblies), the connection strings it asks for, and the environment variables libraries read directly.
/// </summary>
internal sealed record AppSchema(
    string Name,
    string Workload,
    string Container,
    IReadOnlyDictionary<string, Type> Sections,
    IReadOnlyList<string> ConnectionStrings,
    IReadOnlyList<string> SourceDirectories,
    IReadOnlyList<string> EnvironmentVariables)
{
    public static AppSchema Silo { get; } = new(
        "Silo",
        "silo",
        "silo",
        new Dictionary<string, Type>
        {
            [SiloHostOptions.SectionName] = typeof(SiloHostOptions),
            [MemcachedClientOptions.SectionName] = typeof(MemcachedClientOptions),
            [SessionGrainOptions.SectionName] = typeof(SessionGrainOptions),
            [SessionClientOptions.SectionName] = typeof(SessionClientOptions),
        },
        ["redis", "memcached"],
        ["src/Silo", "src/Memcached"],
        OrleansKubernetesVariables());

    public static AppSchema WebFront { get; } = new(
        "WebFront",
        "webfront",
        "webfront",
        new Dictionary<string, Type>
        {
            [OrleansClientOptions.SectionName] = typeof(OrleansClientOptions),
            [DataProtectionKeyRingOptions.SectionName] = typeof(DataProtectionKeyRingOptions),
            [AdminOptions.SectionName] = typeof(AdminOptions),
            [WebFrontSessionOptions.SectionName] = typeof(WebFrontSessionOptions),
            [WebFrontOptions.SectionName] = typeof(WebFrontOptions),
            [ClusterSessionOptions.SectionName] = typeof(ClusterSessionOptions),
            [SessionClientOptions.SectionName] = typeof(SessionClientOptions),
        },
        ["redis"],
        ["src/WebFront", "src/Sessions.AspNetCore"],
        []);

    public static IReadOnlyList<AppSchema> All { get; } = [Silo, WebFront];

    public static TheoryData<string, string> OverlaysAndApps
    {
        get
        {
            TheoryData<string, string> data = [];
            foreach (var overlay in Rendered.OverlayNames)
            {
                foreach (var app in All)
                {
                    data.Add(overlay, app.Name);
                }
            }

            return data;
        }
    }

    public static AppSchema Named(string name) => All.Single(a => a.Name == name);

    /// <summary>Orleans' Kubernetes hosting variables (POD_NAME, …), read from the constants of the package the silo uses.</summary>
    private static string[] OrleansKubernetesVariables() =>
        [.. typeof(KubernetesHostingOptions).GetFields()
            .Where(f => f.IsLiteral && f.Name.EndsWith("EnvironmentVariable", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)];

    public override string ToString() => Name;
}

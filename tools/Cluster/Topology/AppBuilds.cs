using System.Reflection;

namespace LocalCluster.Topology;

/// <summary>Where the built silo and front-end are, and the <c>dotnet</c> host that runs them.</summary>
/// <param name="RepositoryRoot">The directory holding Cluster.sln.</param>
/// <param name="Configuration">The build configuration (that of this tool's own build).</param>
/// <param name="DotNet">The dotnet host.</param>
public sealed record AppBuilds(string RepositoryRoot, string Configuration, string DotNet)
{
    /// <summary>The silo's entry assembly.</summary>
    public string SiloDll => Path.Combine(RepositoryRoot, "src", "Silo", "bin", Configuration, "net10.0", "Sessions.Silo.dll");

    /// <summary>The front-end's entry assembly.</summary>
    public string WebFrontDll => Path.Combine(RepositoryRoot, "src", "WebFront", "bin", Configuration, "net10.0", "WebFront.dll");

    /// <summary>The front-end's project directory: its content root (appsettings.json, wwwroot).</summary>
    public string WebFrontContentRoot => Path.Combine(RepositoryRoot, "src", "WebFront");

    /// <summary>Finds the repository above this assembly and the builds of its configuration.</summary>
    public static AppBuilds Locate()
    {
        var configuration = typeof(AppBuilds).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return new AppBuilds(dir.FullName, configuration, FindDotNet());
            }
        }

        throw new DirectoryNotFoundException($"Cluster.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Throws naming the missing build when the silo or front-end has not been built.</summary>
    public void EnsureBuilt()
    {
        foreach (var dll in new[] { SiloDll, WebFrontDll })
        {
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"{dll} is missing: build first (dotnet build tools/Cluster -c {Configuration}).", dll);
            }
        }
    }

    private static string FindDotNet()
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (System.Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return Executables.Find("dotnet");
    }
}

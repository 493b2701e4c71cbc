using System.Reflection;

namespace Sessions.Silo.Tests;

/// <summary>Where the built silo is: src/Silo/bin/&lt;configuration of these tests&gt;/net10.0/Sessions.Silo.dll.</summary>
public static class SiloBuild
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        var configuration = typeof(SiloBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Silo", "bin", configuration, "net10.0", "Sessions.Silo.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the silo first ({dll}).", dll);
            }
        }

        throw new DirectoryNotFoundException("Cluster.sln not found above the test directory.");
    }
}

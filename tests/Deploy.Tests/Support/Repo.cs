using System.Reflection;

namespace Deploy.Tests.Support;

/// <summary>Paths in the repository these tests run from.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy", "k8s");

    /// <summary>The build configuration of these tests (the apps are built with the same one).</summary>
    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The built output of an app: src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;dll&gt;.</summary>
    public static string AppDll(string project, string dll)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first ({path}).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Cluster.sln not found above the test directory.");
    }
}

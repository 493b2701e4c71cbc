using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Deploy.Tests.Support;

namespace Deploy.Tests;

/// <summary>The Dockerfiles build the apps the manifests run: pinned bases, non-root, the right entry point and ports, nothing secret.</summary>
public sealed class ImageTests
{
    public static TheoryData<string, string> Images => new() { { "Silo", "cluster-sessions/silo" }, { "WebFront", "cluster-sessions/webfront" } };

    public static TheoryData<string> Projects => ["Silo", "WebFront"];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Base_images_are_pinned_official_dotnet_images_and_the_runtime_is_small(string project)
    {
        var bases = Dockerfile.Read(Repo.PathOf("src", project, "Dockerfile")).BaseImages();

        Assert.Equal(2, bases.Count);
        Assert.All(bases, b => Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet):\d+\.\d+\.\d+(-[a-z-]+)?$", b));
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", bases[0], StringComparison.Ordinal);
        Assert.Matches("^mcr.microsoft.com/dotnet/aspnet:.*-chiseled$", bases[1]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_shipped_stage_runs_the_project_as_a_non_root_user_and_exposes_its_ports(string project, string image)
    {
        var dockerfile = Dockerfile.Read(Repo.PathOf("src", project, "Dockerfile"));
        var final = dockerfile.FinalStage().ToList();
        var assembly = AssemblyName(project);

        var user = final.Last(l => l.Instruction == "USER").Arguments.Split(':')[0];
        Assert.True(int.TryParse(user, CultureInfo.InvariantCulture, out var uid) && uid > 0, $"USER {user} must be a numeric non-root id (runAsNonRoot can only check a number)");
        Assert.Equal($"[\"dotnet\", \"{assembly}.dll\"]", final.Single(l => l.Instruction == "ENTRYPOINT").Arguments);
        Assert.Contains(dockerfile.All("RUN"), r => r.Contains($"dotnet publish src/{project}/{project}.csproj", StringComparison.Ordinal));
        Assert.Equal(ManifestPorts(image).Order(), final.Where(l => l.Instruction == "EXPOSE").SelectMany(l => l.Arguments.Split(' ')).Select(int.Parse).Order());
        Assert.Equal(RunAsUsers(image), [uid]);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Nothing_secret_is_baked_in(string project)
    {
        var dockerfile = Dockerfile.Read(Repo.PathOf("src", project, "Dockerfile"));
        var secretLike = new Regex("password|apikey|api_key|connectionstrings|secret|token", RegexOptions.IgnoreCase);

        Assert.All(dockerfile.All("ENV").Concat(dockerfile.All("ARG")), e => Assert.DoesNotMatch(secretLike, e));
        Assert.DoesNotContain("Admin", File.ReadAllText(Repo.PathOf("src", project, "appsettings.json")), StringComparison.Ordinal);
        var ignored = File.ReadAllLines(Repo.PathOf(".dockerignore"));
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/", "**/.env" }, ignored.ToHashSet());
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(Repo.PathOf("src", project, $"{project}.csproj")).Descendants("AssemblyName").Single().Value;

    private static IEnumerable<int> ManifestPorts(string image) =>
        Rendered.Overlay("prod").Workloads.SelectMany(w => w.Pod.Containers).Where(c => c.Image.Contains(image, StringComparison.Ordinal))
            .SelectMany(c => c.Ports).Select(p => p.ContainerPort).Distinct();

    private static IEnumerable<long> RunAsUsers(string image) =>
        Rendered.OverlayNames.SelectMany(o => Rendered.Overlay(o).Workloads)
            .Where(w => w.Pod.Containers.Any(c => c.Image.Contains(image, StringComparison.Ordinal)))
            .Select(w => w.Pod.SecurityContext.RunAsUser!.Value)
            .Distinct();

    [Fact]
    public void Front_end_appsettings_sets_the_port_the_image_exposes()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Repo.PathOf("src", "WebFront", "appsettings.json")));
        var port = new Uri(settings.RootElement.GetProperty("Urls").GetString()!).Port;
        var exposed = Dockerfile.Read(Repo.PathOf("src", "WebFront", "Dockerfile")).FinalStage().Single(l => l.Instruction == "EXPOSE").Arguments;

        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), exposed);
    }
}

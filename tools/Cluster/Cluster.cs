using LocalCluster.Health;
using LocalCluster.Processes;
using LocalCluster.Topology;

namespace LocalCluster;

/// <summary>
/// The local cluster in one state directory (default <c>.run/</c>): <c>cluster.json</c> (the layout),
/// <c>logs/&lt;component&gt;.log</c>, <c>pids/&lt;component&gt;.json</c>. Whoever holds it can start, stop,
/// kill, pause and restart components: the supervisor of <c>./run.sh</c>, <c>./run.sh stop</c>, or a drill.
/// </summary>
public sealed partial class Cluster
{
    private readonly Dictionary<string, ComponentSpec> _byName;

    private Cluster(ClusterLayout layout, string stateDirectory, IReadOnlyList<ComponentSpec> components)
    {
        Layout = layout;
        StateDirectory = stateDirectory;
        Components = components;
        _byName = components.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Directory.CreateDirectory(LogDirectory);
        Directory.CreateDirectory(PidDirectory);
    }

    /// <summary>What runs where.</summary>
    public ClusterLayout Layout { get; }

    /// <summary>The state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>Every component, in start order.</summary>
    public IReadOnlyList<ComponentSpec> Components { get; }

    /// <summary>One log file per component.</summary>
    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    /// <summary>One pid record per running component.</summary>
    public string PidDirectory => Path.Combine(StateDirectory, "pids");

    /// <summary>Where Redis keeps its append-only file.</summary>
    public string RedisDataDirectory => ComponentFactory.RedisDataDirectory(StateDirectory);

    /// <summary>The URL to open: the first front-end.</summary>
    public Uri SiteUrl => new($"http://127.0.0.1:{Layout.WebPorts[0]}/");

    /// <summary>The components of one kind, in order.</summary>
    public IReadOnlyList<ComponentSpec> OfKind(ComponentKind kind) => [.. Components.Where(c => c.Kind == kind)];

    /// <summary>The component named <paramref name="name"/>.</summary>
    public ComponentSpec this[string name] =>
        _byName.TryGetValue(name, out var spec) ? spec : throw new ArgumentException($"No component '{name}' (there are: {string.Join(", ", _byName.Keys)}).", nameof(name));

    /// <summary>A cluster of <paramref name="layout"/> in <paramref name="stateDirectory"/> (nothing starts yet).</summary>
    public static Cluster Create(ClusterLayout layout, string stateDirectory, AppBuilds builds)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(builds);
        var full = Path.GetFullPath(stateDirectory);
        Directory.CreateDirectory(full);
        return new Cluster(layout, full, ComponentFactory.Create(layout, builds, full));
    }

    /// <summary>The cluster last started in <paramref name="stateDirectory"/>; null when there is none.</summary>
    public static Cluster? Attach(string stateDirectory, AppBuilds builds)
    {
        var full = Path.GetFullPath(stateDirectory);
        var file = LayoutFile(full);
        return File.Exists(file) ? Create(ClusterLayout.Load(file), full, builds) : null;
    }

    /// <summary>The layout file of a state directory.</summary>
    public static string LayoutFile(string stateDirectory) => Path.Combine(stateDirectory, "cluster.json");

    /// <summary>The log file of a component.</summary>
    public string LogFile(string name) => Path.Combine(LogDirectory, name + ".log");

    /// <summary>The running process of a component; null when it does not run.</summary>
    public PidRecord? Running(string name) =>
        PidRecord.TryRead(PidFile(name)) is { IsRunning: true } record ? record : null;

    /// <summary>The last lines of a component's log.</summary>
    public string LogTail(string name, int lines = 25)
    {
        var file = LogFile(name);
        return File.Exists(file) ? string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(lines)) : "(no log)";
    }

    private string PidFile(string name) => Path.Combine(PidDirectory, name + ".json");
}

using LocalCluster;
using LocalCluster.Cli;
using LocalCluster.Topology;

CommandLine options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"{ex.Message}{Environment.NewLine}{Environment.NewLine}{CommandLine.Usage}");
    return 2;
}

if (options.Command == "help")
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

try
{
    var builds = AppBuilds.Locate();
    var state = Path.GetFullPath(options.StateDirectory ?? Path.Combine(builds.RepositoryRoot, ".run"));
    switch (options.Command)
    {
        case "stop":
            return await Commands.StopAsync(state, builds);
        case "status":
            return await Commands.StatusAsync(state, builds);
        default:
            builds.EnsureBuilt();
            var layout = ClusterLayout.Standard(options.Memcached, options.Silos, options.Fronts, options.PortOffset, quick: options.Command == "quick");
            return await Supervisor.RunAsync(Cluster.Create(layout, state, builds));
    }
}
catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or ArgumentOutOfRangeException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

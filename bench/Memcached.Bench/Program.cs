using Memcached.Bench;

BenchOptions? options = BenchOptions.Parse(args);
if (options is null)
{
    return 2;
}

Report report = new();
await report.RunSectionsAsync(options);
Report.Progress($"report saved to {report.Save()}");
return 0;

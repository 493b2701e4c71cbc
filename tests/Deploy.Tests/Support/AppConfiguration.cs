using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Deploy.Tests.Support;

/// <summary>Checks a container's environment against what its app reads (<see cref="AppSchema"/>).</summary>
internal static class AppConfiguration
{
    /// <summary>Stands in for values only known at run time (field references, Secrets created outside kustomize).</summary>
    public const string RunTimeValue = "known-only-at-run-time-0123456789";

    /// <summary>
    /// Every variable the app does not read (by name, or as a configuration key no options class or connection
    /// string binds), and every value its options class cannot take (binding with unknown keys as errors).
    /// </summary>
    public static IReadOnlyList<string> Problems(AppSchema app, IReadOnlyDictionary<string, EnvEntry> env)
    {
        List<string> problems = [];
        Dictionary<string, string?> bound = new(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in env.Values)
        {
            if (app.EnvironmentVariables.Contains(entry.Name))
            {
                continue;
            }

            var key = entry.ConfigurationKey;
            var section = key.Split(':')[0];
            if (section == "ConnectionStrings")
            {
                var name = key["ConnectionStrings:".Length..];
                if (!app.ConnectionStrings.Contains(name))
                {
                    problems.Add($"{entry.Name}: {app} reads no connection string '{name}' (it reads {string.Join(", ", app.ConnectionStrings)}).");
                }
            }
            else if (section == "Logging")
            {
                CheckLogLevel(entry, problems);
            }
            else if (app.Sections.ContainsKey(section))
            {
                bound[key] = entry.Value ?? RunTimeValue;
            }
            else
            {
                problems.Add($"{entry.Name}: {app} binds no configuration section '{section}' (it binds {string.Join(", ", app.Sections.Keys)}).");
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(bound).Build();
        foreach (var (name, type) in app.Sections)
        {
            // Twice: the binder stops at unknown keys before converting values, and at the first bad value.
            foreach (var unknownKeysAreErrors in new[] { true, false })
            {
                try
                {
                    configuration.GetSection(name).Bind(Activator.CreateInstance(type)!, o => o.ErrorOnUnknownConfiguration = unknownKeysAreErrors);
                }
                catch (InvalidOperationException ex)
                {
                    problems.Add($"{name} ({type.Name}): {ex.Message}{(ex.InnerException is { } inner ? " " + inner.Message : string.Empty)}");
                }
            }
        }

        return [.. problems.Distinct()];
    }

    private static void CheckLogLevel(EnvEntry entry, List<string> problems)
    {
        var parts = entry.ConfigurationKey.Split(':');
        if (parts.Length < 3 || parts[1] != "LogLevel")
        {
            problems.Add($"{entry.Name}: only Logging:LogLevel:<category> is set through the environment.");
        }
        else if (entry.Value is not null && !Enum.TryParse<LogLevel>(entry.Value, ignoreCase: true, out _))
        {
            problems.Add($"{entry.Name}: '{entry.Value}' is not a log level.");
        }
    }
}

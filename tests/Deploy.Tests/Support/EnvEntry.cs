namespace Deploy.Tests.Support;

/// <summary>Where a container's environment variable comes from.</summary>
internal enum EnvSource
{
    Literal,
    ConfigMap,
    Secret,
    Field,
}

/// <summary>
/// One environment variable of a container. <see cref="Value"/> is null when it is only known at run time
/// (a field reference, or a Secret the overlay expects to exist already).
/// </summary>
internal sealed record EnvEntry(string Name, EnvSource Source, string? SourceName, string? SourceKey, string? Value)
{
    /// <summary>The .NET configuration key the variable maps to (<c>Section__Key</c> becomes <c>Section:Key</c>).</summary>
    public string ConfigurationKey => Name.Replace("__", ":", StringComparison.Ordinal);
}

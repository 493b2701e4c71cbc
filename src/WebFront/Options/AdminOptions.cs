namespace WebFront.Options;

/// <summary>The admin API (configuration section <c>Admin</c>).</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Admin";

    /// <summary>The shortest accepted API key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The key clients send in the <c>X-Api-Key</c> header; empty disables the admin API (every call is 401).</summary>
    public string? ApiKey { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"Admin API {(string.IsNullOrEmpty(ApiKey) ? "disabled" : "enabled")}";
}

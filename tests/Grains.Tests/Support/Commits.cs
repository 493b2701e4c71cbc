using System.Text;

namespace Sessions.Tests.Support;

/// <summary>Builds commits and reads values.</summary>
public static class Commits
{
    public static SessionCommit Set(string key, byte[] value, TimeSpan? idleTimeout = null) =>
        new() { Set = new Dictionary<string, byte[]> { [key] = value }, IdleTimeout = idleTimeout };

    public static SessionCommit Set(params (string Key, string Value)[] values) =>
        new() { Set = values.ToDictionary(v => v.Key, v => Encoding.UTF8.GetBytes(v.Value)) };

    public static string Text(this SessionSnapshot snapshot, string key) => Encoding.UTF8.GetString(snapshot.Values[key]);
}

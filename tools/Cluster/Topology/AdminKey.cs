using System.Security.Cryptography;

namespace LocalCluster.Topology;

/// <summary>The admin API key of a local cluster: random, made once per state directory, kept in <c>admin-key</c> (mode 600), never printed.</summary>
public static class AdminKey
{
    /// <summary>The file holding the key.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, "admin-key");

    /// <summary>The key, created on first use.</summary>
    public static string Read(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, key + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}

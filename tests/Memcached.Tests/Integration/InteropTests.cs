using System.Diagnostics;
using System.Text;
using Memcached.Tests.Support;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>Values cross between our client and libmemcached's tools (Debian package libmemcached-tools).</summary>
public sealed class InteropTests(MemcachedFixture fixture) : IClassFixture<MemcachedFixture>
{
    [Fact]
    public async Task A_value_written_by_our_client_is_read_by_memccat()
    {
        await using var client = TestClients.Create(fixture.Server.EndPoint);
        var key = TestClients.Key("interop");
        await client.SetAsync(key, "written by us\r\nsecond line"u8.ToArray());

        var output = await RunAsync("memccat", $"--servers={fixture.Server.EndPoint}", key);

        Assert.Equal("written by us\r\nsecond line\n", output); // memccat ends each value with a newline
    }

    [Fact]
    public async Task A_file_stored_by_memccp_is_read_by_our_client_with_its_flags()
    {
        var directory = Directory.CreateTempSubdirectory("interop");
        try
        {
            var name = $"memccp-{Guid.NewGuid():N}.txt";
            var content = "written by libmemcached\n"u8.ToArray();
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, name), content);

            await RunAsync("memccp", $"--servers={fixture.Server.EndPoint}", "--flags=1234", Path.Combine(directory.FullName, name));

            await using var client = TestClients.Create(fixture.Server.EndPoint);
            using var hit = await client.GetAsync(name);
            Assert.Equal(content, hit.ToArray());
            Assert.Equal(1234U, hit.Flags);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {error}");
        return output;
    }
}

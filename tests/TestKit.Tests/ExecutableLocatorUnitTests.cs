using TestKit;

namespace TestKit.Tests;

public sealed class ExecutableLocatorUnitTests
{
    [Fact]
    public void A_missing_server_program_says_how_to_install_it()
    {
        FileNotFoundException error = Assert.Throws<FileNotFoundException>(() => ExecutableLocator.Find("testkit-no-such-server", "testkit-no-such-package"));

        Assert.Equal("testkit-no-such-server", error.FileName);
        Assert.Contains("`sudo apt-get install -y testkit-no-such-package`", error.Message);
        Assert.Contains("./test.sh", error.Message);
    }

    [Fact]
    public void An_installed_server_program_is_found_on_path()
    {
        string path = ExecutableLocator.Find("memcached", "memcached");

        Assert.True(Path.IsPathRooted(path));
        Assert.Equal("memcached", Path.GetFileName(path));
    }
}

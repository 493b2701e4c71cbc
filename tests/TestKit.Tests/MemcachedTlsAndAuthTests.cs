using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

using TestKit;

namespace TestKit.Tests;

public sealed class MemcachedTlsAndAuthTests
{
    [Fact]
    public async Task Tls_server_completes_a_handshake_with_its_pinned_certificate_and_answers_version()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync(new MemcachedServerOptions { Tls = true });
        X509Certificate2 certificate = Assert.IsType<X509Certificate2>(server.Certificate);
        Assert.Equal("CN=localhost", certificate.Subject);
        Assert.False(certificate.HasPrivateKey);

        using TcpClient tcp = new();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using SslStream tls = new(tcp.GetStream());
        X509Certificate? presented = null;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, remote, _, _) =>
            {
                presented = remote;
                return remote is not null && remote.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData);
            },
        });
        await tls.WriteAsync("version\r\n"u8.ToArray());
        byte[] buffer = new byte[64];
        int read = await tls.ReadAsync(buffer);

        Assert.True(tls.IsAuthenticated);
        Assert.Equal(certificate.Thumbprint, Assert.IsType<X509Certificate2>(presented).Thumbprint);
        Assert.StartsWith("VERSION ", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Tls_server_has_no_plaintext_service_and_restarts_with_tls()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync(new MemcachedServerOptions { Tls = true });

        await using (RawTextConnection plain = await RawTextConnection.ConnectAsync(server.Host, server.Port))
        {
            await Assert.ThrowsAnyAsync<IOException>(() => plain.QueryAsync("version\r\n"));
        }

        await server.RestartAsync();

        await using RawTextConnection secure = await server.ConnectRawAsync();
        Assert.StartsWith("VERSION ", await secure.QueryAsync("version\r\n"));
    }

    [Fact]
    public async Task Auth_server_refuses_commands_until_the_auth_set_succeeds()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync(new MemcachedServerOptions { AuthUser = "tester", AuthPassword = "s3cret" });
        await using RawTextConnection connection = await server.ConnectRawAsync();

        Assert.Equal("CLIENT_ERROR unauthenticated", await connection.QueryAsync("version\r\n"));
        Assert.Equal("STORED", await connection.QueryAsync("set auth 0 0 13\r\ntester s3cret\r\n"));
        Assert.StartsWith("VERSION ", await connection.QueryAsync("version\r\n"));
        Assert.Equal("END", await connection.QueryAsync("get testkit-auth\r\n")); // the readiness probe's auth stored nothing
        Assert.DoesNotContain("s3cret", server.CommandLine);
    }

    [Fact]
    public async Task Auth_server_rejects_a_wrong_password()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync(new MemcachedServerOptions { AuthUser = "tester", AuthPassword = "s3cret" });
        await using RawTextConnection connection = await server.ConnectRawAsync();

        Assert.Equal("CLIENT_ERROR authentication failure", await connection.QueryAsync("set auth 0 0 12\r\ntester wrong\r\n"));
    }
}

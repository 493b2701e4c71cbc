using System.Security.Cryptography.X509Certificates;
using System.Text;
using Memcached.Tests.Support;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>TLS (memcached -Z) and ASCII authentication (memcached -Y) against real servers.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Tls_with_the_server_certificate_pinned_works()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { Tls = true });
        var expected = server.Certificate!;
        await using var client = TestClients.Create(server.EndPoint, o =>
        {
            o.UseTls = true;
            o.TlsServerName = "localhost";
            o.TlsCertificateValidation = (_, certificate, _, _) =>
                certificate is not null && new X509Certificate2(certificate).Thumbprint == expected.Thumbprint;
        });

        await client.SetAsync("tls", "secret"u8.ToArray());
        using var hit = await client.GetAsync("tls");

        Assert.Equal("secret", Encoding.UTF8.GetString(hit.Value.Span));
    }

    [Fact]
    public async Task Tls_with_an_untrusted_certificate_fails_with_a_connection_error()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { Tls = true });
        await using var client = TestClients.Create(server.EndPoint, o => o.UseTls = true);

        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("x").AsTask());

        Assert.Equal(MemcachedErrorKind.ConnectionFailed, error.Kind);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Plain_client_against_tls_server_fails_instead_of_hanging()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { Tls = true });
        await using var client = TestClients.Create(server.EndPoint);

        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("x").AsTask());

        Assert.Contains(error.Kind, new[] { MemcachedErrorKind.ConnectionFailed, MemcachedErrorKind.Timeout, MemcachedErrorKind.ProtocolError });
    }

    [Fact]
    public async Task Authentication_with_the_right_password_works()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { AuthUser = "app", AuthPassword = "s3cret" });
        await using var client = TestClients.Create(server.EndPoint, o => (o.Username, o.Password) = ("app", "s3cret"));

        await client.SetAsync("auth", "ok"u8.ToArray());
        using var hit = await client.GetAsync("auth");

        Assert.Equal("ok", Encoding.UTF8.GetString(hit.Value.Span));
    }

    [Fact]
    public async Task Authentication_with_a_wrong_password_fails_clearly_without_revealing_it()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { AuthUser = "app", AuthPassword = "s3cret" });
        await using var client = TestClients.Create(server.EndPoint, o => (o.Username, o.Password) = ("app", "wrong-password"));

        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("x").AsTask());

        Assert.Equal(MemcachedErrorKind.AuthenticationFailed, error.Kind);
        Assert.Contains("authentication", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wrong-password", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_an_auth_server_answers_a_client_error()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { AuthUser = "app", AuthPassword = "s3cret" });
        await using var client = TestClients.Create(server.EndPoint);

        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("x").AsTask());

        Assert.Equal(MemcachedErrorKind.ClientError, error.Kind);
        Assert.Contains("unauthenticated", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_are_never_sent_to_a_server_that_does_not_require_authentication()
    {
        await using var server = await MemcachedServer.StartAsync(); // no -Y: anyone may read any item
        await using var client = TestClients.Create(server.EndPoint, o =>
        {
            o.Username = "app";
            o.Password = "s3cret";
        });
        // As "set _auth …", they would be an ordinary item there, which anyone can read.
        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync(TestClients.Key()).AsTask());
        Assert.Equal(MemcachedErrorKind.AuthenticationFailed, error.Kind);
        Assert.Contains("does not require authentication", error.Message, StringComparison.Ordinal);

        await using var other = TestClients.Create(server.EndPoint); // another tenant, no credentials
        using var leaked = await other.GetAsync("_auth");
        Assert.False(leaked.IsHit, $"the password is readable by anyone: '{System.Text.Encoding.UTF8.GetString(leaked.Value.Span)}'");
    }

    [Fact]
    public async Task Tls_and_authentication_together()
    {
        await using var server = await MemcachedServer.StartAsync(new MemcachedServerOptions { Tls = true, AuthUser = "app", AuthPassword = "pw" });
        await using var client = TestClients.Create(server.EndPoint, o =>
        {
            o.UseTls = true;
            o.TlsAllowUntrustedCertificate = true;
            (o.Username, o.Password) = ("app", "pw");
        });

        var stored = await client.SetAsync("both", "v"u8.ToArray());

        Assert.Equal(MemcachedStatus.Stored, stored.Status);
    }
}

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Memcached.Connections;

internal sealed partial class MemcachedConnection
{
    /// <summary>
    /// Opens a connection: resolves the host again (pod IPs change), connects, negotiates TLS and
    /// authenticates as configured, then starts the send and receive loops.
    /// </summary>
    public static async Task<MemcachedConnection> OpenAsync(MemcachedNode node, CancellationToken cancellationToken)
    {
        var options = node.Options;
        var socket = await ConnectSocketAsync(node.Address, cancellationToken).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(TlsOptions(node), cancellationToken).ConfigureAwait(false);
            }

            if (options.Username is not null)
            {
                await AuthenticateAsync(node, stream, options.Username, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var connection = new MemcachedConnection(node, socket, stream);
        connection.StartReceiving();
        return connection;
    }

    private static async Task<Socket> ConnectSocketAsync(ServerAddress address, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(address.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        Exception? last = null;
        foreach (var ip in addresses)
        {
            var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(ip, address.Port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private static SslClientAuthenticationOptions TlsOptions(MemcachedNode node)
    {
        var options = node.Options;
        var validation = options.TlsCertificateValidation
            ?? (options.TlsAllowUntrustedCertificate ? static (_, _, _, _) => true : null);
        return new SslClientAuthenticationOptions
        {
            TargetHost = options.TlsServerName ?? node.Address.Host,
            RemoteCertificateValidationCallback = validation,
        };
    }

    /// <summary>memcached's ASCII authentication: <c>set &lt;any key&gt; 0 0 &lt;len&gt;</c> with "user password" as data.</summary>
    private static async Task AuthenticateAsync(MemcachedNode node, Stream stream, string username, string password, CancellationToken cancellationToken)
    {
        // A server without -Y would store the "set" below as an ordinary item anyone can read: send the
        // credentials only to a server that refuses commands before authentication.
        await stream.WriteAsync("mn\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var greeting = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        if (greeting == "MN")
        {
            throw new MemcachedException(MemcachedErrorKind.AuthenticationFailed, node.Name,
                "credentials are configured but the server does not require authentication; they were not sent");
        }

        var credentials = Encoding.UTF8.GetBytes($"{username} {password}");
        var header = Encoding.ASCII.GetBytes($"set _auth 0 0 {credentials.Length}\r\n");
        var request = new byte[header.Length + credentials.Length + 2];
        header.CopyTo(request, 0);
        credentials.CopyTo(request, header.Length);
        "\r\n"u8.CopyTo(request.AsSpan(header.Length + credentials.Length));
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        Array.Clear(request);
        Array.Clear(credentials);

        var reply = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        if (reply == "STORED")
        {
            return;
        }

        var message = reply.StartsWith("CLIENT_ERROR", StringComparison.Ordinal)
            ? $"authentication as '{username}' failed: {reply}"
            : $"authentication as '{username}' got an unexpected reply: {Protocol.ReplyParser.Printable(Encoding.ASCII.GetBytes(reply))}";
        throw new MemcachedException(MemcachedErrorKind.AuthenticationFailed, node.Name, message, serverMessage: reply);
    }

    /// <summary>Reads one CRLF-terminated line without reading past it (used before the loops start).</summary>
    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new byte[256];
        var length = 0;
        while (length < line.Length)
        {
            var read = await stream.ReadAsync(line.AsMemory(length, 1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the server closed the connection during authentication");
            }

            if (line[length++] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(line, 0, Math.Max(0, length - 2));
            }
        }

        throw new Protocol.ProtocolException("the authentication reply is not a line");
    }
}

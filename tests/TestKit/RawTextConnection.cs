using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TestKit;

/// <summary>
/// A bare line-oriented TCP (or TLS) connection for talking to a server in its own text protocol, independent of the
/// client under test: readiness probes, and tests that check what the server really holds.
/// </summary>
public sealed class RawTextConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    private RawTextConnection(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Opens a plain TCP connection.</summary>
    public static async Task<RawTextConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        return new RawTextConnection(await OpenSocketStreamAsync(host, port, cancellationToken));
    }

    /// <summary>Opens a TLS connection that trusts exactly <paramref name="trustedCertificate"/> (a pinned self-signed certificate).</summary>
    public static async Task<RawTextConnection> ConnectTlsAsync(
        string host,
        int port,
        X509Certificate2 trustedCertificate,
        string targetHost = "localhost",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trustedCertificate);
        NetworkStream network = await OpenSocketStreamAsync(host, port, cancellationToken);
        SslStream tls = new(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => IsPinned(certificate, trustedCertificate),
                },
                cancellationToken);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }

        return new RawTextConnection(tls);
    }

    /// <summary>Sends <paramref name="text"/> exactly as given (include the "\r\n" yourself).</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Sends <paramref name="request"/> as given and returns the first reply line.</summary>
    public async Task<string> QueryAsync(string request, CancellationToken cancellationToken = default)
    {
        await SendAsync(request, cancellationToken);
        return await ReadLineAsync(cancellationToken);
    }

    /// <summary>Reads one line, without its "\r\n".</summary>
    /// <exception cref="EndOfStreamException">The server closed the connection first.</exception>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                int lineEnd = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                string line = Encoding.UTF8.GetString(_buffer, _start, lineEnd - _start);
                _start = newline + 1;
                return line;
            }

            MakeRoom();
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"The server closed the connection; unread: '{Encoding.UTF8.GetString(_buffer, _start, _end - _start)}'.");
            }

            _end += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        return _stream.DisposeAsync();
    }

    private static async Task<NetworkStream> OpenSocketStreamAsync(string host, int port, CancellationToken cancellationToken)
    {
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    private static bool IsPinned(X509Certificate? presented, X509Certificate2 trusted)
    {
        return presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData);
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}

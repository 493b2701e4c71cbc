using System.Globalization;
using System.Net;

namespace Memcached;

/// <summary>A parsed <c>host:port</c> server entry.</summary>
internal sealed record ServerAddress(string Host, int Port)
{
    /// <summary>The port memcached listens on by default.</summary>
    public const int DefaultPort = 11211;

    /// <summary>The entry as the user wrote it, normalised: <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses <c>host:port</c>, <c>[v6]:port</c> or a bare host (port 11211).</summary>
    public static bool TryParse(string? text, out ServerAddress address)
    {
        address = null!;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        string host;
        string? portText = null;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(text[1..close], out _))
            {
                return false;
            }

            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':')
                {
                    return false;
                }

                portText = text[(close + 2)..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                return false; // bare IPv6 without brackets is ambiguous
            }

            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }

        var port = DefaultPort;
        if (host.Length == 0
            || (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)))
        {
            return false;
        }

        address = new ServerAddress(host, port);
        return true;
    }
}

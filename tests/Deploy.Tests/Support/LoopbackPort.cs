using System.Net;
using System.Net.Sockets;

namespace Deploy.Tests.Support;

/// <summary>A free loopback port (bound to port 0, read, released).</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

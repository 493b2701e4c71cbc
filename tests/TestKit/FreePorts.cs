using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TestKit;

/// <summary>
/// Hands out free loopback ports and remembers those the kit's servers own, so a server that was killed
/// (and will be restarted on its port) never has its port given to another server of this test host.
/// </summary>
internal static class FreePorts
{
    private const int MaxAttempts = 100;
    private static readonly ConcurrentDictionary<int, bool> s_reserved = new();

    /// <summary>Asks the OS for a free port on 127.0.0.1 (bind to port 0, read it, release it) and reserves it.</summary>
    public static int Reserve()
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            TcpListener listener = new(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (s_reserved.TryAdd(port, true))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port after {MaxAttempts} attempts; {s_reserved.Count} ports are reserved by this test host.");
    }

    public static void Release(int port)
    {
        s_reserved.TryRemove(port, out _);
    }
}

using System.Net;
using System.Net.Sockets;

namespace LocalCluster.Topology;

/// <summary>Loopback ports: free ones from the OS, and whether one is free now.</summary>
public static class FreePorts
{
    /// <summary><paramref name="count"/> distinct ports the OS reports free (all held open together while picking, so none repeats).</summary>
    public static IReadOnlyList<int> Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>Whether nothing listens on 127.0.0.1:<paramref name="port"/> (a bind succeeds).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using LocalCluster.Topology;

namespace LocalCluster.Health;

/// <summary>
/// One health check of a component that runs: memcached answers <c>version</c>, Redis answers <c>PING</c>
/// (not <c>-LOADING</c>), a silo's <c>/health/ready</c> is 200 (its body says Healthy or Degraded), a front-end's
/// <c>/health/ready</c> is 200 (it reaches the cluster).
/// </summary>
public static class HealthProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(10) }) { Timeout = s_timeout };

    /// <summary>The state of a running component: Healthy, Degraded or Starting.</summary>
    public static async Task<ComponentState> CheckAsync(ComponentSpec spec, CancellationToken cancellationToken = default)
    {
        try
        {
            return spec.Kind switch
            {
                ComponentKind.Memcached => await AnswersAsync(spec.Port, "version\r\n", "VERSION ", cancellationToken) ? ComponentState.Healthy : ComponentState.Starting,
                ComponentKind.Redis => await AnswersAsync(spec.Port, "PING\r\n", "+PONG", cancellationToken) ? ComponentState.Healthy : ComponentState.Starting,
                _ => await ReadyAsync(spec.HealthPort, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is SocketException or IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ComponentState.Starting;
        }
    }

    private static async Task<ComponentState> ReadyAsync(int port, CancellationToken cancellationToken)
    {
        using var response = await s_http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ComponentState.Starting;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Contains("Degraded", StringComparison.Ordinal) ? ComponentState.Degraded : ComponentState.Healthy;
    }

    private static async Task<bool> AnswersAsync(int port, string command, string expected, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
        var buffer = new byte[256];
        var read = 0;
        while (read < expected.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expected, StringComparison.Ordinal);
    }
}

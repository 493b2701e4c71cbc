using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Memcached.Connections;
using Memcached.Tests.Support;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>Nodes that die, hang or restart empty: failures are fast, typed and never mix replies.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task The_connection_epoch_of_a_node_grows_when_its_server_restarts_and_not_otherwise()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint);
        var node = client.Nodes.Single();
        await client.SetAsync("epoch", "v"u8.ToArray());
        var before = node.ConnectionEpoch;
        for (var i = 0; i < 20; i++)
        {
            using var hit = await client.GetAsync("epoch");
        }

        Assert.Equal(before, node.ConnectionEpoch);

        await server.KillAsync();
        await server.RestartAsync();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var miss = await client.GetAsync("epoch");
                return !miss.IsHit;
            }
            catch (MemcachedException)
            {
                return false;
            }
        }, "the client reaches the restarted server");

        Assert.True(node.ConnectionEpoch > before);
    }

    [Fact]
    public async Task Killing_a_node_mid_load_fails_its_requests_fast_marks_it_down_and_it_returns_after_restart()
    {
        await using var cluster = await MemcachedCluster.StartAsync(2);
        await using var client = TestClients.Create(cluster.EndPoints, o => o.NodeFailurePolicy = NodeFailurePolicy.FailFast);
        var victim = cluster.Nodes[0];
        var victimNode = client.Nodes.Single(n => n.Name == victim.EndPoint);
        var survivorKeys = Enumerable.Range(0, 2000).Select(i => $"fault:{i}").Where(k => client.GetNodesForKey(k, 1)[0] != victimNode).Take(20).ToArray();
        var victimKeys = Enumerable.Range(0, 2000).Select(i => $"fault:{i}").Where(k => client.GetNodesForKey(k, 1)[0] == victimNode).Take(20).ToArray();
        var downEvents = 0;
        client.NodeAvailabilityChanged += (_, e) => { if (!e.IsAvailable) Interlocked.Increment(ref downEvents); };

        using var stop = new CancellationTokenSource();
        var survivorFailures = 0;
        var victimErrors = new List<MemcachedException>();
        var load = Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await client.SetAsync(survivorKeys[(t + i) % survivorKeys.Length], "v"u8.ToArray());
                }
                catch (MemcachedException)
                {
                    Interlocked.Increment(ref survivorFailures);
                }

                try
                {
                    await client.SetAsync(victimKeys[(t + i) % victimKeys.Length], "v"u8.ToArray());
                }
                catch (MemcachedException ex)
                {
                    lock (victimErrors)
                    {
                        victimErrors.Add(ex);
                    }
                }
            }
        })));

        await Poll.UntilAsync(async () => { using var r = await client.GetAsync(survivorKeys[0]); return r.IsHit; }, "load is running");
        await victim.KillAsync();
        await Poll.UntilAsync(() => !victimNode.IsAvailable, "the killed node is marked down");
        await Poll.UntilAsync(() => { lock (victimErrors) return victimErrors.Any(e => e.Kind == MemcachedErrorKind.NodeDown); }, "requests to the down node fail fast");

        await victim.RestartAsync();
        await Poll.UntilAsync(() => victimNode.IsAvailable, "the restarted node is marked up");
        await stop.CancelAsync();
        await load;

        Assert.Equal(0, survivorFailures);
        Assert.Equal(1, downEvents);
        lock (victimErrors)
        {
            Assert.All(victimErrors, e => Assert.Equal(victim.EndPoint, e.Node));
            Assert.All(victimErrors, e => Assert.Contains(e.Kind, new[] { MemcachedErrorKind.ConnectionFailed, MemcachedErrorKind.NodeDown, MemcachedErrorKind.Timeout }));
        }

        var after = await client.SetAsync(victimKeys[0], "back"u8.ToArray());
        Assert.Equal(MemcachedStatus.Stored, after.Status);
    }

    [Fact]
    public async Task A_paused_node_times_out_without_hanging_and_no_stale_reply_reaches_a_later_request()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint, o => (o.FailureThreshold, o.OperationTimeout) = (100, TimeSpan.FromSeconds(1)));
        for (var i = 0; i < 20; i++)
        {
            await client.SetAsync($"pause:{i}", Encoding.UTF8.GetBytes($"value-{i}"));
        }

        server.Pause();
        var pending = Enumerable.Range(0, 20).Select(i => client.GetAsync($"pause:{i}").AsTask()).ToArray();
        var outcomes = await Task.WhenAll(pending.Select(p => Record.ExceptionAsync(() => p)));
        server.Resume();

        Assert.All(outcomes, e => Assert.Equal(MemcachedErrorKind.Timeout, Assert.IsType<MemcachedException>(e).Kind));
        for (var i = 0; i < 20; i++)
        {
            using var hit = await client.GetAsync($"pause:{i}");
            Assert.Equal($"value-{i}", Encoding.UTF8.GetString(hit.Value.Span));
        }
    }

    [Fact]
    public async Task Caller_cancellation_is_told_apart_from_a_timeout()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint, o => o.OperationTimeout = TimeSpan.FromSeconds(30));
        await client.SetAsync("c", "v"u8.ToArray());
        server.Pause();
        try
        {
            using var cancel = new CancellationTokenSource();
            var get = client.GetAsync("c", cancel.Token).AsTask();
            await cancel.CancelAsync();

            var error = await Record.ExceptionAsync(() => get);
            Assert.IsAssignableFrom<OperationCanceledException>(error);
        }
        finally
        {
            server.Resume();
        }

        using var hit = await client.GetAsync("c");
        Assert.Equal("v", Encoding.UTF8.GetString(hit.Value.Span));
    }

    [Fact]
    public async Task A_node_restarted_empty_serves_misses_and_accepts_writes()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint);
        await client.SetAsync("restart", "v"u8.ToArray());

        await server.RestartAsync();

        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var r = await client.GetAsync("restart");
                return !r.IsHit;
            }
            catch (MemcachedException)
            {
                return false; // the first request after the restart may meet the old, closed connection
            }
        }, "the restarted node answers with a miss");
        var stored = await client.SetAsync("restart", "new"u8.ToArray());
        Assert.Equal(MemcachedStatus.Stored, stored.Status);
    }

    [Fact]
    public async Task With_redistribution_keys_of_a_dead_node_move_to_the_next_node_on_the_ring()
    {
        await using var cluster = await MemcachedCluster.StartAsync(3);
        await using var client = TestClients.Create(cluster.EndPoints);
        var victim = cluster.Nodes[1];
        var victimNode = client.Nodes.Single(n => n.Name == victim.EndPoint);
        var key = Enumerable.Range(0, 1000).Select(i => $"redis:{i}").First(k => client.GetNodesForKey(k, 1)[0] == victimNode);
        var successor = client.GetNodesForKey(key, 2)[1];

        await victim.KillAsync();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await client.GetAsync(key);
            }
            catch (MemcachedException)
            {
            }

            return !victimNode.IsAvailable;
        }, "the dead node is marked down");
        await client.SetAsync(key, "moved"u8.ToArray());

        using var onSuccessor = await client.ForNode(successor).GetAsync(key);
        Assert.Equal("moved", Encoding.UTF8.GetString(onSuccessor.Value.Span));
        var pinned = await Assert.ThrowsAsync<MemcachedException>(() => client.ForNode(victimNode).GetAsync(key).AsTask());
        Assert.Equal(MemcachedErrorKind.NodeDown, pinned.Kind);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_a_connection_error_naming_it()
    {
        await using var server = await MemcachedServer.StartAsync();
        var endPoint = server.EndPoint;
        await server.KillAsync();
        await using var client = TestClients.Create(endPoint);

        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("x").AsTask());

        Assert.Equal(MemcachedErrorKind.ConnectionFailed, error.Kind);
        Assert.Equal(endPoint, error.Node);
        Assert.Contains(endPoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_never_reaches_a_connection_does_not_stay_registered_on_the_callers_token()
    {
        // Nothing listens on port 1: every connect is refused at once; a high threshold keeps the node up.
        await using var client = TestClients.Create("127.0.0.1:1", o => o.FailureThreshold = 1000);
        var node = (MemcachedNode)client.Nodes.Single();
        using var lifetime = new CancellationTokenSource(); // a long-lived token, such as ApplicationStopping

        var operations = new List<WeakReference>();
        for (var i = 0; i < 10; i++)
        {
            operations.Add(await FailOnceAsync(node, lifetime.Token));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Registered, each would stay reachable from the token until it fires or is disposed. One may be held elsewhere for a while.
        Assert.InRange(operations.Count(o => o.IsAlive), 0, 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> FailOnceAsync(MemcachedNode node, CancellationToken token)
    {
        var operation = new GetOperation("k", base64: false, touchTtl: -1);
        var weak = new WeakReference(operation);
        var error = await Record.ExceptionAsync(() => node.ExecuteAsync(operation, token).AsTask());
        Assert.IsType<MemcachedException>(error);
        return weak;
    }

    [Fact]
    public async Task Requests_beyond_the_in_flight_limit_wait_for_a_slot_and_time_out_when_none_frees()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint, o => (o.MaxInFlightPerNode, o.FailureThreshold, o.OperationTimeout) = (2, 100, TimeSpan.FromSeconds(1)));
        await client.SetAsync("slot", "v"u8.ToArray());
        server.Pause();
        try
        {
            // The waiter's deadline is a moment after those of the two in flight, which the timeout sweep (every 100 ms)
            // fails at its first tick past theirs: a tick in that moment hands the waiter a slot. Rare; a round is retried.
            var waitedForASlot = false;
            for (var round = 0; round < 3 && !waitedForASlot; round++)
            {
                var inFlight = new[] { client.GetAsync("slot").AsTask(), client.GetAsync("slot").AsTask() };
                var waiting = await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("slot").AsTask());

                Assert.Equal(MemcachedErrorKind.Timeout, waiting.Kind);
                waitedForASlot = waiting.Message.Contains("in flight", StringComparison.Ordinal);
                await Assert.ThrowsAsync<MemcachedException>(() => Task.WhenAll(inFlight));
            }

            Assert.True(waitedForASlot, "in 3 rounds the request beyond the limit never timed out waiting for a slot");
        }
        finally
        {
            server.Resume();
        }

        using var hit = await client.GetAsync("slot");
        Assert.True(hit.IsHit);
    }

    [Fact]
    public async Task A_server_closing_idle_connections_does_not_mark_the_node_down()
    {
        var options = new MemcachedServerOptions();
        options.ExtraArguments.Add("-o");
        options.ExtraArguments.Add("idle_timeout=1");
        await using var server = await MemcachedServer.StartAsync(options);
        // One failure marks the node down here; with ConnectionsPerNode >= FailureThreshold (e.g. 3 and 3) one idle period does the same.
        await using var client = TestClients.Create(server.EndPoint, o => o.FailureThreshold = 1);
        var node = client.Nodes.Single();
        var downEvents = 0;
        client.NodeAvailabilityChanged += (_, e) => { if (!e.IsAvailable) Interlocked.Increment(ref downEvents); };

        using (var miss = await client.GetAsync("idle"))
        {
        }

        var epoch = node.ConnectionEpoch;

        // memcached closes the idle connection; nothing was pending on it.
        await Poll.UntilAsync(() => node.ConnectionEpoch > epoch || Volatile.Read(ref downEvents) > 0, "the server closes the idle connection");

        Assert.Equal(0, Volatile.Read(ref downEvents));
        Assert.True(node.IsAvailable);
    }

    [Fact]
    public async Task Dispose_closes_a_probe_connection_that_has_not_answered_yet()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens: the first request fails to connect and marks the node down
        var client = TestClients.Create($"127.0.0.1:{port}", o =>
        {
            o.FailureThreshold = 1;
            o.OperationTimeout = TimeSpan.FromSeconds(30); // the probe waits this long for its mn reply
        });
        try
        {
            await Assert.ThrowsAsync<MemcachedException>(async () => { using var r = await client.GetAsync("x"); });
            Assert.False(client.Nodes.Single().IsAvailable);

            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start(); // accepts the probe, never answers
            using var probe = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));

            await client.DisposeAsync();

            // The client must close the probe connection: the server side then reads end-of-stream.
            var buffer = new byte[64];
            var read = -1;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                while ((read = await probe.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }

            Assert.Equal(0, read);
        }
        finally
        {
            listener.Stop();
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_operation_waiting_for_an_in_flight_slot_fails_as_disposed_when_the_client_is_disposed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // accepts, never answers
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var client = TestClients.Create($"127.0.0.1:{port}", o =>
        {
            o.MaxInFlightPerNode = 1;
            o.OperationTimeout = TimeSpan.FromSeconds(30);
        });
        try
        {
            var first = client.GetAsync("a").AsTask();
            using var accepted = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var buffer = new byte[256];
            var received = 0;
            while (received < 5)
            {
                received += await accepted.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None); // "mg a ..." arrived: the slot is taken
            }

            var second = client.GetAsync("b").AsTask(); // waits for the only slot
            Assert.False(second.IsCompleted);

            await client.DisposeAsync();

            var firstError = await Assert.ThrowsAnyAsync<Exception>(() => first.WaitAsync(TimeSpan.FromSeconds(10)));
            var secondError = await Assert.ThrowsAnyAsync<Exception>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(MemcachedErrorKind.Disposed, Assert.IsType<MemcachedException>(firstError).Kind);
            Assert.Equal(MemcachedErrorKind.Disposed, Assert.IsType<MemcachedException>(secondError).Kind);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Servers_can_be_named_by_host_name_which_is_resolved_on_connect()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create($"localhost:{server.Port}");

        await client.SetAsync("dns", "v"u8.ToArray());
        await server.RestartAsync();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await client.SetAsync("dns", "again"u8.ToArray())).Status == MemcachedStatus.Stored;
            }
            catch (MemcachedException)
            {
                return false;
            }
        }, "the client reconnected through the host name");

        Assert.Equal($"localhost:{server.Port}", client.Nodes[0].Name);
    }
}

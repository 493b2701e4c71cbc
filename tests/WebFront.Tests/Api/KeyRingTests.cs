using WebFront.Tests.Support;

namespace WebFront.Tests.Api;

/// <summary>The data-protection key ring two front-ends share when they start together on an empty Redis.</summary>
[Collection(WebCollection.Name)]
public sealed class KeyRingTests(WebFrontCluster system)
{
    private const string Created = "Data-protection key ring was empty: created key";

    [Fact]
    public async Task Front_ends_started_together_on_an_empty_ring_create_exactly_one_key_before_serving()
    {
        // Both started at once; exactly one found the ring empty (under the lock) and created the key.
        Assert.Equal(1, new[] { system.A, system.B }.Count(front => front.Output.Contains(Created, StringComparison.Ordinal)));

        await using var redis = await system.Redis.ConnectRawAsync();
        Assert.Equal(":1", await redis.QueryAsync($"LLEN {WebFrontCluster.KeyRingKey}\r\n"));
        Assert.Equal(":0", await redis.QueryAsync($"EXISTS {WebFrontCluster.KeyRingKey}:init-lock\r\n"));
    }
}

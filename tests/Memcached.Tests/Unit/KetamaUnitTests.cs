using System.Text;
using CsCheck;
using Memcached.Hashing;

namespace Memcached.Tests.Unit;

/// <summary>Ketama as libmemcached defines it, checked against vectors computed independently.</summary>
public sealed class KetamaUnitTests
{
    // Expected owners computed with Python's hashlib from the published algorithm, not from our code:
    //   for each server: ident = host if port == 11211 else f"{host}:{port}"
    //     for i in range(40): d = md5(f"{ident}-{i}"); 4 points = little-endian uint32 of d[4a:4a+4]
    //   sort points; key -> first point >= uint32_le(md5(key)[:4]), wrapping to the first point.
    [Theory]
    [InlineData("foo", "10.0.0.2:11211")]
    [InlineData("bar", "10.0.0.2:11211")]
    [InlineData("session:1", "10.0.0.1:11211")]
    [InlineData("session:2", "10.0.0.2:11211")]
    [InlineData("user:42", "10.0.0.1:11211")]
    [InlineData("ключ", "10.0.0.1:11211")]
    [InlineData("a", "10.0.0.2:11211")]
    [InlineData("c", "10.0.0.1:11211")]
    [InlineData("hello world", "10.0.0.1:11211")]
    [InlineData("cart:9", "10.0.0.3:11212")]
    [InlineData("0", "10.0.0.3:11212")]
    [InlineData("3", "10.0.0.2:11211")]
    [InlineData("4", "10.0.0.3:11212")]
    [InlineData("7", "10.0.0.1:11211")]
    public void Keys_map_to_the_servers_the_published_algorithm_gives(string key, string expected)
    {
        var ring = Ring("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11212");

        Assert.Equal(expected, ring.Locate(Hash(key)));
        Assert.Equal(480, ring.PointCount);
    }

    [Fact]
    public void Walk_gives_distinct_nodes_in_ring_order_starting_with_the_owner_and_honours_the_filter()
    {
        var ring = Ring("n1:1", "n2:1", "n3:1", "n4:1");
        var hash = Hash("session:abc");

        var all = ring.Walk(hash, 10);
        var two = ring.Walk(hash, 2);
        var withoutOwner = ring.Walk(hash, 3, node => node != all[0]);

        Assert.Equal(4, all.Distinct().Count());
        Assert.Equal(ring.Locate(hash), all[0]);
        Assert.Equal(all.Take(2), two);
        Assert.Equal(all.Skip(1).Take(3), withoutOwner);
        Assert.Equal(all[1], ring.LocateFirst(hash, node => node != all[0]));
    }

    [Fact]
    public void Adding_a_fifth_node_moves_about_a_fifth_of_the_keys_all_to_the_new_node()
    {
        var four = Ring("n1:11211", "n2:11211", "n3:11211", "n4:11211");
        var five = Ring("n1:11211", "n2:11211", "n3:11211", "n4:11211", "n5:11211");
        var keys = Enumerable.Range(0, 10_000).Select(i => $"key:{i}").ToArray();

        var moved = keys.Where(k => four.Locate(Hash(k)) != five.Locate(Hash(k))).ToArray();

        Assert.InRange(moved.Length / (double)keys.Length, 0.12, 0.28);
        Assert.All(moved, k => Assert.Equal("n5:11211", five.Locate(Hash(k))));
    }

    [Fact]
    public void Removing_a_node_moves_only_its_own_keys()
    {
        var four = Ring("n1:11211", "n2:11211", "n3:11211", "n4:11211");
        var three = Ring("n1:11211", "n2:11211", "n4:11211");
        var keys = Enumerable.Range(0, 5_000).Select(i => $"key:{i}");

        foreach (var key in keys)
        {
            var before = four.Locate(Hash(key));
            if (before != "n3:11211")
            {
                Assert.Equal(before, three.Locate(Hash(key)));
            }
        }
    }

    [Fact]
    public void Port_11211_is_left_out_of_the_identity_as_libmemcached_does()
    {
        Assert.Equal("cache1", KetamaRing<string>.Identity("cache1", 11211));
        Assert.Equal("cache1:11212", KetamaRing<string>.Identity("cache1", 11212));
    }

    [Fact]
    public void Location_is_deterministic_and_walks_are_distinct_for_any_key() =>
        Gen.String.Where(s => s.Length > 0).Sample(key =>
        {
            var ring = Ring("a:1", "b:2", "c:3");
            var hash = Hash(key);
            var walk = ring.Walk(hash, 3);
            return ring.Locate(hash) == ring.Locate(hash) && walk.Distinct().Count() == 3 && walk[0] == ring.Locate(hash);
        });

    private static KetamaRing<string> Ring(params string[] servers) =>
        new([.. servers.Select(s =>
        {
            var colon = s.LastIndexOf(':');
            return (s, KetamaRing<string>.Identity(s[..colon], int.Parse(s[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture)), 1);
        })]);

    private static uint Hash(string key) => KetamaRing<string>.Hash(Encoding.UTF8.GetBytes(key));
}

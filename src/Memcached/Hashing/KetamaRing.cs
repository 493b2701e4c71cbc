using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Memcached.Hashing;

/// <summary>
/// Ketama consistent hashing as libmemcached and twemproxy define it: each server gets
/// floor(share × 40 × servers) × 4 points (160 with equal weights), four per MD5 digest of
/// <c>"host:port-i"</c> (<c>"host-i"</c> when the port is 11211), each point a little-endian uint32.
/// A key maps to the first point at or after the first four bytes of its MD5, wrapping around.
/// </summary>
internal sealed class KetamaRing<TNode>
    where TNode : class
{
    private readonly uint[] _points;
    private readonly int[] _owners;
    private readonly TNode[] _nodes;

    /// <summary>Builds the ring for <paramref name="nodes"/>, each named by its ketama identity and weighted.</summary>
    public KetamaRing(IReadOnlyList<(TNode Node, string Identity, int Weight)> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count);
        _nodes = [.. nodes.Select(n => n.Node)];
        var totalWeight = nodes.Sum(n => (double)n.Weight);
        var points = new List<(uint Point, int Owner)>(nodes.Count * 160);
        Span<byte> digest = stackalloc byte[16];
        for (var owner = 0; owner < nodes.Count; owner++)
        {
            var share = nodes[owner].Weight / totalWeight;
            var digests = (int)Math.Floor(share * 40 * nodes.Count + 0.0000000001);
            for (var i = 0; i < digests; i++)
            {
                MD5.HashData(Encoding.UTF8.GetBytes($"{nodes[owner].Identity}-{i}"), digest);
                for (var part = 0; part < 4; part++)
                {
                    points.Add((BinaryPrimitives.ReadUInt32LittleEndian(digest[(part * 4)..]), owner));
                }
            }
        }

        points.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Owner.CompareTo(b.Owner));
        _points = [.. points.Select(p => p.Point)];
        _owners = [.. points.Select(p => p.Owner)];
    }

    /// <summary>The ketama identity of a server: <c>host:port</c>, or <c>host</c> when the port is 11211 (libmemcached's rule).</summary>
    public static string Identity(string host, int port) => port == 11211 ? host : $"{host}:{port}";

    /// <summary>The ketama hash of a key: the first four bytes of its MD5, little-endian.</summary>
    public static uint Hash(ReadOnlySpan<byte> key)
    {
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(key, digest);
        return BinaryPrimitives.ReadUInt32LittleEndian(digest);
    }

    /// <summary>Number of points on the ring.</summary>
    public int PointCount => _points.Length;

    /// <summary>The node owning <paramref name="hash"/>.</summary>
    public TNode Locate(uint hash) => _nodes[_owners[FirstPointAtOrAfter(hash)]];

    /// <summary>
    /// Up to <paramref name="count"/> distinct nodes for <paramref name="hash"/> in ring order,
    /// skipping nodes <paramref name="include"/> rejects.
    /// </summary>
    public List<TNode> Walk(uint hash, int count, Func<TNode, bool>? include = null)
    {
        var result = new List<TNode>(Math.Min(count, _nodes.Length));
        var start = FirstPointAtOrAfter(hash);
        for (var step = 0; step < _points.Length && result.Count < count; step++)
        {
            var node = _nodes[_owners[(start + step) % _points.Length]];
            if (!result.Contains(node) && (include is null || include(node)))
            {
                result.Add(node);
            }
        }

        return result;
    }

    /// <summary>The first node for <paramref name="hash"/> in ring order that <paramref name="include"/> accepts, or null.</summary>
    public TNode? LocateFirst(uint hash, Func<TNode, bool> include)
    {
        var start = FirstPointAtOrAfter(hash);
        for (var step = 0; step < _points.Length; step++)
        {
            var node = _nodes[_owners[(start + step) % _points.Length]];
            if (include(node))
            {
                return node;
            }
        }

        return null;
    }

    private int FirstPointAtOrAfter(uint hash)
    {
        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            while (index > 0 && _points[index - 1] == hash)
            {
                index--;
            }
        }

        return index == _points.Length ? 0 : index;
    }
}

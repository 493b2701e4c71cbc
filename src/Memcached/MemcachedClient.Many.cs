using System.Text.RegularExpressions;
using Memcached.Connections;

namespace Memcached;

public sealed partial class MemcachedClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, GetResult>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ThrowIfDisposed();
        var byNode = new Dictionary<MemcachedNode, List<(string Key, bool Base64)>>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var base64 = KeyEncoder(key);
            var node = _pinned ?? _engine.Locate(key);
            if (!byNode.TryGetValue(node, out var list))
            {
                byNode[node] = list = [];
            }

            list.Add((key, base64));
        }

        var batches = byNode.Select(pair => (Keys: pair.Value, Task: pair.Key.ExecuteAsync(new GetManyOperation(pair.Value), cancellationToken).AsTask())).ToList();
        try
        {
            await Task.WhenAll(batches.Select(b => b.Task)).ConfigureAwait(false);
        }
        catch
        {
            foreach (var batch in batches.Where(b => b.Task.IsCompletedSuccessfully))
            {
                batch.Task.Result.ForEach(hit => hit.Result.Dispose());
            }

            throw;
        }

        var results = new Dictionary<string, GetResult>(StringComparer.Ordinal);
        foreach (var (batchKeys, task) in batches)
        {
            foreach (var (index, result) in task.Result)
            {
                results[batchKeys[index].Key] = result;
            }
        }

        return results;
    }

    /// <inheritdoc />
    public Task FlushAllAsync(TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var seconds = Ttl.ToToken(delay, Time); // memcached reads a flush delay as it reads a TTL: over 30 days, an absolute time
        return Task.WhenAll(TargetNodes().Select(n => n.ExecuteAsync(new FlushAllOperation(seconds), cancellationToken).AsTask()));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetStatsAsync(string? group = null, CancellationToken cancellationToken = default)
    {
        if (group is not null && !StatsGroup().IsMatch(group))
        {
            throw new ArgumentException("A stats group is one of settings, items, slabs, sizes, conns or extstore.", nameof(group));
        }

        return await PerNodeAsync(() => new StatsOperation(group), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetVersionsAsync(CancellationToken cancellationToken = default) =>
        await PerNodeAsync(() => new VersionOperation(), cancellationToken).ConfigureAwait(false);

    private async Task<Dictionary<string, T>> PerNodeAsync<T>(Func<Operation<T>> create, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var nodes = TargetNodes();
        var results = await Task.WhenAll(nodes.Select(n => n.ExecuteAsync(create(), cancellationToken).AsTask())).ConfigureAwait(false);
        return nodes.Select((node, i) => (node.Name, results[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);
    }

    private IReadOnlyList<MemcachedNode> TargetNodes() => _pinned is null ? _engine.Nodes : [_pinned];

    // Only groups that answer STAT lines then END: "reset" answers RESET, "sizes_enable"/"sizes_disable" a STAT
    // line without END, "detail" needs arguments; anything else reaching the pipeline would desynchronise it.
    [GeneratedRegex("^(settings|items|slabs|sizes|conns|extstore)$")]
    private static partial Regex StatsGroup();
}

using System.Diagnostics;
using System.Text;
using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The client quick-start: register the client from configuration (Memcached:Servers or
// ConnectionStrings:memcached), then show each kind of operation and a short pipelined load.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMemcachedClient(builder.Configuration);
using var host = builder.Build();
var client = host.Services.GetRequiredService<IMemcachedClient>();

var versions = await client.GetVersionsAsync();
Console.WriteLine($"memcached nodes: {string.Join(", ", versions.Select(v => $"{v.Key} (v{v.Value})"))}");

var stored = await client.SetAsync("quickstart:greeting", Encoding.UTF8.GetBytes("hello, memcached"), TimeSpan.FromMinutes(5));
Console.WriteLine($"set                 -> {stored.Status}, CAS {stored.Cas}");

using (var hit = await client.GetAsync("quickstart:greeting"))
{
    Console.WriteLine($"get                 -> {hit.Status}: \"{Encoding.UTF8.GetString(hit.Value.Span)}\", TTL {hit.RemainingTtl}");
    var swapped = await client.CompareAndSetAsync("quickstart:greeting", "hello again"u8.ToArray(), hit.Cas);
    Console.WriteLine($"compare-and-set     -> {swapped.Status}");
    var stale = await client.CompareAndSetAsync("quickstart:greeting", "lost update"u8.ToArray(), hit.Cas);
    Console.WriteLine($"stale compare-and-set -> {stale.Status} (nothing overwritten)");
}

Console.WriteLine($"add existing        -> {(await client.AddAsync("quickstart:greeting", "x"u8.ToArray())).Status}");
Console.WriteLine($"touch               -> {(await client.TouchAsync("quickstart:greeting", TimeSpan.FromMinutes(1))).Status}");
Console.WriteLine($"increment (create)  -> {(await client.IncrementAsync("quickstart:visits", 1, initial: 1)).Value}");
Console.WriteLine($"increment           -> {(await client.IncrementAsync("quickstart:visits")).Value}");
Console.WriteLine($"unicode key         -> {(await client.SetAsync("ключ с пробелами", "v"u8.ToArray())).Status}");

const int Tasks = 64, PerTask = 2000;
var watch = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, Tasks).Select(async t =>
{
    var value = new byte[1024];
    for (var i = 0; i < PerTask; i++)
    {
        await client.SetAsync($"quickstart:load:{t}:{i % 50}", value);
    }
}));
Console.WriteLine($"pipelined load      -> {Tasks * PerTask:N0} sets of 1 KB from {Tasks} tasks in {watch.ElapsedMilliseconds} ms ({Tasks * PerTask / watch.Elapsed.TotalSeconds:N0}/s)");
Console.WriteLine($"delete              -> {(await client.DeleteAsync("quickstart:greeting")).Status}");

namespace Drill.Workload;

/// <summary>Runs virtual users against the front-ends until stopped.</summary>
internal sealed class SessionWorkload : IDisposable
{
    private readonly SiteClient _site;
    private readonly List<VirtualUser> _users;
    private readonly CancellationTokenSource _stop = new();
    private readonly (int Min, int Max) _thinkMs;
    private Task? _running;

    public SessionWorkload(IReadOnlyList<Uri> fronts, int users, (int Min, int Max) thinkMs, Recorder recorder)
    {
        _site = new SiteClient(fronts);
        _thinkMs = thinkMs;
        Recorder = recorder;
        _users = [.. Enumerable.Range(0, users).Select(i => new VirtualUser(i, _site, recorder))];
    }

    public Recorder Recorder { get; }

    public void Start() => _running = Task.WhenAll(_users.Select(u => Task.Run(() => u.RunAsync(_thinkMs, _stop.Token))));

    /// <summary>Stops starting new steps and waits for those in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }
    }

    /// <summary>Every user reads its whole session once more and verifies it; recorded into <paramref name="recorder"/>.</summary>
    public Task VerifyFinallyAsync(Recorder recorder) => Task.WhenAll(_users.Select(u => u.VerifyFinallyAsync(recorder)));

    public void Dispose()
    {
        _stop.Dispose();
        _site.Dispose();
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;
using Sessions.Diagnostics;

namespace Sessions.Tests.Support;

/// <summary>Test silos: memcached storage "sessions" (records deleted on clear), the session grains, and optionally a fake session clock.</summary>
public sealed class SessionSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var endpoint = siloBuilder.Configuration["memcached"] ?? throw new InvalidOperationException("the test cluster has no memcached endpoint");
        siloBuilder.AddMemcachedGrainStorage("sessions", o =>
        {
            o.Client.Servers.Add(endpoint);
            o.Client.OperationTimeout = TimeSpan.FromSeconds(5);
            o.DeleteStateOnClear = true;
            if (siloBuilder.Configuration["storageMaxStateSize"] is { Length: > 0 } maxStateSize)
            {
                o.MaxStateSize = int.Parse(maxStateSize, System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        siloBuilder.AddSessionGrains();
        if (siloBuilder.Configuration["captureErrors"] is { Length: > 0 })
        {
            siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedErrors>();
        }
        if (siloBuilder.Configuration["recordIndexChecks"] is { Length: > 0 })
        {
            siloBuilder.AddIncomingGrainCallFilter<IndexCheckRecorder>();
        }
        if (siloBuilder.Configuration["clock"] is { Length: > 0 } clock)
        {
            siloBuilder.Services.Replace(ServiceDescriptor.Singleton(new SessionClock(TestClocks.Get(clock))));
        }
    }
}

/// <summary>Fake clocks shared by name between a test and its in-process silos.</summary>
public static class TestClocks
{
    private static readonly ConcurrentDictionary<string, FakeTimeProvider> s_clocks = new();

    public static (string Name, FakeTimeProvider Clock) Create()
    {
        var name = Guid.NewGuid().ToString("N");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        s_clocks[name] = clock;
        return (name, clock);
    }

    public static FakeTimeProvider Get(string name) => s_clocks[name];
}

/// <summary>Exceptions logged by the test silos (when the cluster sets <c>captureErrors</c>).</summary>
public sealed class CapturedErrors : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
{
    public static ConcurrentQueue<Exception> Logged { get; } = new();

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null)
        {
            Logged.Enqueue(exception);
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>Records each answered index check (<c>GetIndexEntryAsync</c>) by session id (when the cluster sets <c>recordIndexChecks</c>).</summary>
public sealed class IndexCheckRecorder : IIncomingGrainCallFilter
{
    public static ConcurrentQueue<string> Answered { get; } = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.InterfaceMethod?.Name == "GetIndexEntryAsync")
        {
            Answered.Enqueue(context.TargetId.Key.ToString()!);
        }
    }
}

using Orleans.Runtime;
using Sessions.Client;

namespace Sessions.Tests.Client;

/// <summary>The client helper's retry classification and options validation.</summary>
public sealed class SessionClientUnitTests
{
    public static TheoryData<Exception, bool> Errors => new()
    {
        { new SiloUnavailableException(), true },
        { new GatewayTooBusyException(), true },
        { new TimeoutException(), true },
        { new OperationCanceledException(), true },
        { new SessionConflictException(), true },
        { new SessionStorageUnavailableException(), true },
        { new SessionLimitExceededException(SessionLimit.KeyCount, 1, 2), false },
        { new ArgumentException("bad id"), false },
        { new InvalidOperationException("in use"), false },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Only_failures_that_leave_an_idempotent_call_safe_to_repeat_are_retried(Exception error, bool retried)
    {
        Assert.Equal(retried, SessionCallRetry.IsTransient(error, CancellationToken.None));
    }

    [Fact]
    public void Nothing_is_retried_once_the_caller_cancelled()
    {
        Assert.False(SessionCallRetry.IsTransient(new SiloUnavailableException(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Invalid_options_are_reported_with_their_keys()
    {
        var result = new SessionClientOptionsValidator().Validate(null, new SessionClientOptions
        {
            CallTimeout = TimeSpan.FromSeconds(5),
            TotalTimeout = TimeSpan.FromSeconds(1),
            InitialBackoff = TimeSpan.Zero,
            MaxIdLength = 0,
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("SessionClient:TotalTimeout", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("SessionClient:InitialBackoff", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("SessionClient:MaxIdLength", StringComparison.Ordinal));
    }
}

using Sessions.Configuration;

namespace Sessions.Tests.Client;

/// <summary>The grains' options validation names every bad key.</summary>
public sealed class SessionGrainOptionsUnitTests
{
    [Fact]
    public void Invalid_session_options_are_reported_with_their_keys()
    {
        var errors = SessionGrainOptionsValidator.Check(new SessionGrainOptions
        {
            IdleTimeout = TimeSpan.Zero,
            TouchInterval = TimeSpan.FromMinutes(5),
            ExpiryMargin = TimeSpan.FromMinutes(1),
            MaxKeys = 0,
            WriteMode = (SessionWriteMode)7,
            RememberedCommits = 0,
        });

        Assert.Contains(errors, e => e.StartsWith("Sessions:IdleTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sessions:ExpiryMargin", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sessions:MaxKeys", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sessions:WriteMode", StringComparison.Ordinal));
        Assert.Contains("Sessions:RememberedCommits is 0; it must be between 1 and 1024.", errors);
        Assert.Empty(SessionGrainOptionsValidator.Check(new SessionGrainOptions()));
    }
}

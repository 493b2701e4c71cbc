namespace Sessions.Tests.Sessions;

/// <summary>What a snapshot shows where it is logged.</summary>
public sealed class SessionSnapshotUnitTests
{
    [Fact]
    public void A_logged_snapshot_shows_its_version_and_how_many_values_but_neither_the_values_nor_the_user()
    {
        var snapshot = new SessionSnapshot
        {
            Values = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["cart"] = "card 4111"u8.ToArray() },
            Version = 7,
            CreatedAt = DateTimeOffset.UnixEpoch,
            LastAccessedAt = DateTimeOffset.UnixEpoch,
            IdleTimeout = TimeSpan.FromMinutes(20),
            UserId = "alice@example.com",
        };

        Assert.Equal("SessionSnapshot { Version = 7, Values = 1 }", snapshot.ToString());
    }
}

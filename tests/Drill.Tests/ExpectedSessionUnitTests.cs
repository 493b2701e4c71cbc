using Drill.Workload;

namespace Drill.Tests;

public sealed class ExpectedSessionUnitTests
{
    private static readonly Func<string, bool> s_all = _ => true;

    [Fact]
    public void What_the_user_wrote_verifies()
    {
        var expected = new ExpectedSession();
        expected.Acknowledged("cart:tea", "2");
        expected.Acknowledged("pref:0", "v1");

        Assert.Null(expected.Verify(Observed(("cart:tea", "2"), ("pref:0", "v1")), s_all));
    }

    [Fact]
    public void A_missing_acknowledged_value_is_lost_and_counted_once()
    {
        var expected = new ExpectedSession();
        expected.Acknowledged("cart:tea", "2");

        var mismatch = expected.Verify(Observed(), s_all);

        Assert.NotNull(mismatch);
        Assert.True(mismatch.Lost);
        Assert.False(mismatch.Stale);
        Assert.Contains("cart:tea: expected 2, saw (none)", mismatch.Detail, StringComparison.Ordinal);
        Assert.Null(expected.Verify(Observed(), s_all)); // the model now holds what was seen
    }

    [Fact]
    public void An_overwritten_value_seen_again_is_stale()
    {
        var expected = new ExpectedSession();
        expected.Acknowledged("pref:1", "old");
        expected.Acknowledged("pref:1", "new");

        var mismatch = expected.Verify(Observed(("pref:1", "old")), s_all);

        Assert.NotNull(mismatch);
        Assert.True(mismatch.Stale);
        Assert.False(mismatch.Lost);
    }

    [Fact]
    public void After_a_failed_write_either_outcome_verifies_and_settles_the_model()
    {
        var expected = new ExpectedSession();
        expected.Acknowledged("cart:mug", "1");
        expected.Unknown("cart:mug", "2");
        Assert.True(expected.IsUncertain);

        Assert.Null(expected.Verify(Observed(("cart:mug", "2")), s_all));

        Assert.False(expected.IsUncertain);
        Assert.Equal("2", expected.Current("cart:mug"));
    }

    [Fact]
    public void A_value_the_user_never_wrote_is_lost_and_keys_out_of_scope_are_ignored()
    {
        var expected = new ExpectedSession();
        expected.Acknowledged("pref:0", "v1");

        var mismatch = expected.Verify(Observed(("cart:kettle", "3")), key => key.StartsWith("cart:", StringComparison.Ordinal));

        Assert.NotNull(mismatch);
        Assert.True(mismatch.Lost);
        Assert.DoesNotContain("pref:0", mismatch.Detail, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Observed(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}

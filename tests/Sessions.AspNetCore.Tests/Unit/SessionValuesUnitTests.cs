using CsCheck;
using Sessions.AspNetCore.Store;

namespace Sessions.AspNetCore.Tests.Unit;

/// <summary>The front-end's compact values: a commit applied to them gives what the grain's rule gives (clear, removes, sets).</summary>
public sealed class SessionValuesUnitTests
{
    // Few distinct keys, so that removes and sets often hit stored keys; some differ only in case or are non-ASCII.
    private static readonly string[] Keys = ["a", "A", "b", "cart", "cart:1", "cart:10", "cart:2", "user", "Ω", "ä", "z", ""];

    private static readonly Gen<string> Key = Gen.Int[0, Keys.Length - 1].Select(i => Keys[i]);

    private static readonly Gen<Dictionary<string, byte[]>> Values =
        Gen.Select(Key, Gen.Byte.Array[0, 4]).Array[0, 10].Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal));

    [Fact]
    public void A_commit_applied_to_compact_values_matches_the_dictionary_model_and_every_lookup_agrees()
    {
        Gen.Select(Values, Gen.Bool, Key.Array[0, 5], Values).Sample((stored, clear, removes, sets) =>
        {
            // The model: clear, then removes, then sets (SessionCommit's order).
            var model = clear ? new Dictionary<string, byte[]>(StringComparer.Ordinal) : new Dictionary<string, byte[]>(stored, StringComparer.Ordinal);
            string[] netRemoves = [.. removes.Distinct().Where(key => !sets.ContainsKey(key))];
            foreach (string key in netRemoves)
            {
                model.Remove(key);
            }

            foreach (var (key, value) in sets)
            {
                model[key] = value;
            }

            foreach (IReadOnlyDictionary<string, byte[]> start in new IReadOnlyDictionary<string, byte[]>[] { stored, SessionValues.From(stored) })
            {
                SessionValues applied = SessionValues.Apply(start, clear, netRemoves, sets);
                Assert.Equal(model.Count, applied.Count);
                Assert.Equal(model.Keys.Order(StringComparer.Ordinal), applied.Keys);
                foreach (string key in Keys)
                {
                    Assert.Equal(model.TryGetValue(key, out byte[]? expected), applied.TryGetValue(key, out byte[]? actual));
                    Assert.Same(expected, actual);
                    Assert.Equal(model.ContainsKey(key), applied.ContainsKey(key));
                }
            }
        });
    }

    [Fact]
    public void Compact_values_share_the_arrays_they_were_given_and_a_missing_key_is_reported_not_defaulted()
    {
        byte[] value = [1, 2, 3];
        var values = SessionValues.From(new Dictionary<string, byte[]> { ["b"] = [9], ["a"] = value });

        Assert.Same(value, values["a"]);
        Assert.Equal(["a", "b"], values.Keys);
        Assert.Same(values, SessionValues.From(values));
        Assert.Throws<KeyNotFoundException>(() => values["c"]);
        Assert.Throws<ArgumentNullException>(() => values.TryGetValue(null!, out _));
        Assert.Same(SessionValues.Empty, SessionValues.Apply(values, clear: true, [], new Dictionary<string, byte[]>()));
    }
}

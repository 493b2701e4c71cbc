namespace Memcached.Tests.Unit;

/// <summary>The pool that values read from memcached are copied into.</summary>
public sealed class ValueBufferPoolUnitTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 64)]
    [InlineData(64, 64)]
    [InlineData(65, 128)]
    [InlineData(1100, 2048)]
    [InlineData(1024 * 1024, 1024 * 1024)]
    public void A_rented_array_is_the_smallest_power_of_two_from_64_bytes_that_holds_the_value(int length, int expected)
    {
        Assert.Equal(expected, new ValueBufferPool().Rent(length).Length);
    }

    [Fact]
    public void The_array_returned_last_is_rented_first()
    {
        var pool = new ValueBufferPool();
        var first = pool.Rent(1000);
        var second = pool.Rent(1000);
        pool.Return(first);
        pool.Return(second);

        Assert.Same(second, pool.Rent(1000));
        Assert.Same(first, pool.Rent(900));
        Assert.NotSame(first, pool.Rent(1000));
        Assert.Equal(0, pool.KeptBytes);
    }

    [Fact]
    public void Arrays_are_kept_up_to_the_budget_and_dropped_beyond_it()
    {
        var pool = new ValueBufferPool(budgetBytes: 4096);
        var arrays = Enumerable.Range(0, 5).Select(_ => pool.Rent(1024)).ToArray();
        foreach (var array in arrays)
        {
            pool.Return(array);
        }

        Assert.Equal(4096, pool.KeptBytes);
        var again = Enumerable.Range(0, 5).Select(_ => pool.Rent(1024)).ToArray();
        Assert.Equal(4, again.Count(array => arrays.Contains(array)));
        Assert.Equal(0, pool.KeptBytes);
    }

    [Fact]
    public void Values_larger_than_a_megabyte_and_foreign_arrays_are_not_kept()
    {
        var pool = new ValueBufferPool();
        var large = pool.Rent(ValueBufferPool.MaxPooledLength + 1);
        Assert.True(large.Length > ValueBufferPool.MaxPooledLength);

        pool.Return(large);
        pool.Return(new byte[1000]);
        pool.Return(new byte[32]);

        Assert.Equal(0, pool.KeptBytes);
        Assert.Equal(1024, pool.Rent(1000).Length);
    }

    [Fact]
    public void Concurrent_renters_never_share_an_array()
    {
        var pool = new ValueBufferPool(budgetBytes: 256 * 1024);
        var failures = 0;
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var length = 1 + ((worker * 7919 + i * 104_729) % 3000);
                var array = pool.Rent(length);
                var mark = (byte)(worker * 31 + i);
                array.AsSpan(0, length).Fill(mark);
                Thread.SpinWait(i % 16);
                if (array.AsSpan(0, length).IndexOfAnyExcept(mark) >= 0)
                {
                    Interlocked.Increment(ref failures);
                }

                pool.Return(array);
            }
        });

        Assert.Equal(0, failures);
        Assert.InRange(pool.KeptBytes, 1, 256 * 1024);
    }
}

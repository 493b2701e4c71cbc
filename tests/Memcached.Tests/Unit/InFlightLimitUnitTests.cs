using Memcached.Connections;

namespace Memcached.Tests.Unit;

public sealed class InFlightLimitUnitTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_waiter_gets_the_slot_returned_while_it_waits_and_the_limit_holds_afterwards()
    {
        var limit = new InFlightLimit(2);
        Assert.True(limit.TryTake());
        Assert.True(limit.TryTake());
        Assert.False(limit.TryTake());

        ValueTask<bool> waiting = limit.TakeAsync(Long, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        limit.Return();
        Assert.True(await waiting);
        Assert.False(limit.TryTake());

        limit.Return();
        limit.Return();
        AssertFreeSlots(limit, 2);
    }

    [Fact]
    public async Task A_waiter_that_times_out_or_is_cancelled_holds_no_slot_and_loses_none()
    {
        var limit = new InFlightLimit(1);
        Assert.True(limit.TryTake());

        Assert.False(await limit.TakeAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None));
        using var cancellation = new CancellationTokenSource();
        ValueTask<bool> cancelled = limit.TakeAsync(Long, cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);

        limit.Return();
        AssertFreeSlots(limit, 1);
    }

    [Fact]
    public async Task Under_racing_takes_returns_timeouts_and_cancellations_no_more_than_the_limit_are_held_and_every_slot_comes_back()
    {
        const int slots = 3;
        var limit = new InFlightLimit(slots);
        int held = 0;
        int mostHeld = 0;
        int taken = 0;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (int i = 0; i < 2_000; i++)
            {
                bool got;
                using (var cancellation = new CancellationTokenSource())
                {
                    if (random.Next(4) == 0)
                    {
                        cancellation.CancelAfter(random.Next(2));
                    }

                    try
                    {
                        got = limit.TryTake() || await limit.TakeAsync(TimeSpan.FromMilliseconds(random.Next(3)), cancellation.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        got = false;
                    }
                }

                if (!got)
                {
                    continue;
                }

                int now = Interlocked.Increment(ref held);
                InterlockedMax(ref mostHeld, now);
                Interlocked.Increment(ref taken);
                if (random.Next(2) == 0)
                {
                    await Task.Yield();
                }

                Interlocked.Decrement(ref held);
                limit.Return();
            }
        })));

        Assert.True(taken > 0);
        Assert.InRange(mostHeld, 1, slots);
        AssertFreeSlots(limit, slots);
    }

    private static void AssertFreeSlots(InFlightLimit limit, int expected)
    {
        for (int i = 0; i < expected; i++)
        {
            Assert.True(limit.TryTake(), $"slot {i + 1} of {expected} was lost");
        }

        Assert.False(limit.TryTake());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}

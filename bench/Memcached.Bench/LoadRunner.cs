using System.Diagnostics;
using TestKit;

namespace Memcached.Bench;

/// <summary>One operation of worker <c>worker</c>, its <c>iteration</c>-th; true when the result was correct.</summary>
internal delegate ValueTask<bool> BenchOperation(int worker, long iteration);

/// <summary>
/// What one measurement did, with what the bench process spent meanwhile: its CPU time and the bytes it allocated
/// (process-wide, so they belong to the contender measured alone at that time); and the server's CPU time, when the
/// measurement was given the server's clock.
/// </summary>
internal sealed record LoadResult(long Operations, long Failures, TimeSpan Elapsed, string? FirstError, LatencySummary? Latency, TimeSpan ProcessCpu, long AllocatedBytes, TimeSpan? ServerCpu)
{
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>The bench process's CPU time per operation, in µs (at low concurrency it includes thread-pool threads spinning while they wait).</summary>
    public double CpuMicrosPerOperation => ProcessCpu.TotalMicroseconds / Math.Max(Operations, 1);

    /// <summary>The server's CPU time per operation, in µs (NaN when it was not measured).</summary>
    public double ServerCpuMicrosPerOperation => ServerCpu is { } cpu ? cpu.TotalMicroseconds / Math.Max(Operations, 1) : double.NaN;

    /// <summary>Bytes allocated by the bench process per operation.</summary>
    public double AllocatedPerOperation => AllocatedBytes / (double)Math.Max(Operations, 1);
}

/// <summary>
/// Runs C concurrent workers (async tasks on the thread pool) against one operation. All workers wait on one gate;
/// the clock starts when the gate opens and stops when the last worker is done.
/// </summary>
internal static class LoadRunner
{
    /// <summary>Each worker runs <paramref name="perWorker"/> operations (memslap's fixed-count shape).</summary>
    public static Task<LoadResult> RunCountAsync(int concurrency, long perWorker, BenchOperation operation) =>
        RunAsync(concurrency, operation, perWorker, duration: null, recorder: null, serverCpu: null);

    /// <summary>
    /// Each worker runs operations until <paramref name="duration"/> has passed, recording each one's latency when given a
    /// recorder, and the server's CPU time when given its clock (<see cref="ServerClock"/>).
    /// </summary>
    public static Task<LoadResult> RunTimedAsync(int concurrency, TimeSpan duration, BenchOperation operation, LatencyRecorder? recorder, Func<TimeSpan>? serverCpu = null) =>
        RunAsync(concurrency, operation, long.MaxValue, duration, recorder, serverCpu);

    /// <summary>The CPU time (user and system) <paramref name="server"/>'s process has used so far.</summary>
    public static Func<TimeSpan> ServerClock(ServerProcess server)
    {
        int pid = server.ProcessId ?? throw new InvalidOperationException($"{server} is not running.");
        return () =>
        {
            using Process process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        };
    }

    private static async Task<LoadResult> RunAsync(int concurrency, BenchOperation operation, long perWorker, TimeSpan? duration, LatencyRecorder? recorder, Func<TimeSpan>? serverCpu)
    {
        recorder?.Reset();
        RunState state = new(operation, perWorker, recorder);
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<WorkerTally>[] workers = new Task<WorkerTally>[concurrency];
        for (int worker = 0; worker < concurrency; worker++)
        {
            workers[worker] = RunWorkerAsync(worker, gate.Task, state);
        }

        using Process process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan? serverBefore = serverCpu?.Invoke();
        long start = Stopwatch.GetTimestamp();
        state.Deadline = duration is { } d ? start + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        gate.SetResult();
        WorkerTally[] tallies = await Task.WhenAll(workers);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        TimeSpan? serverSpent = serverCpu?.Invoke() - serverBefore;

        long operations = 0;
        long failures = 0;
        foreach (WorkerTally tally in tallies)
        {
            operations += tally.Operations;
            failures += tally.Failures;
        }

        return new LoadResult(operations, failures, elapsed, state.FirstError, recorder?.Summarize(), cpu, allocated, serverSpent);
    }

    private static async Task<WorkerTally> RunWorkerAsync(int worker, Task gate, RunState state)
    {
        await gate;
        long[]? samples = state.Recorder?.Buffer(worker);
        int recorded = 0;
        long failures = 0;
        long iteration = 0;
        long now = Stopwatch.GetTimestamp();
        while (iteration < state.PerWorker && now < state.Deadline)
        {
            long before = now;
            try
            {
                if (!await state.Operation(worker, iteration))
                {
                    failures++;
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failures++;
                Interlocked.CompareExchange(ref state.FirstError, $"{exception.GetType().Name}: {exception.Message}", null);
            }

            now = Stopwatch.GetTimestamp();
            if (samples is not null && recorded < samples.Length)
            {
                samples[recorded++] = now - before;
            }

            iteration++;
        }

        state.Recorder?.Complete(worker, recorded, iteration);
        return new WorkerTally(iteration, failures);
    }

    private readonly record struct WorkerTally(long Operations, long Failures);

    private sealed class RunState(BenchOperation operation, long perWorker, LatencyRecorder? recorder)
    {
        public readonly BenchOperation Operation = operation;
        public readonly long PerWorker = perWorker;
        public readonly LatencyRecorder? Recorder = recorder;
        public long Deadline = long.MaxValue;
        public string? FirstError;
    }
}

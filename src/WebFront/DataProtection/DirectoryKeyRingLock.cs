namespace WebFront.DataProtection;

/// <summary>
/// An exclusive lock file in the shared key directory (an OS file lock, released when the process exits,
/// so a front-end that dies holding it blocks nobody).
/// </summary>
internal sealed class DirectoryKeyRingLock : IKeyRingLock
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _path;
    private readonly TimeProvider _time;

    public DirectoryKeyRingLock(string keyDirectory, TimeProvider time)
    {
        _path = Path.Combine(keyDirectory, ".init-lock");
        _time = time;
    }

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        long started = _time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex)
            {
                if (_time.GetElapsedTime(started) > Deadline)
                {
                    throw new TimeoutException($"The key-ring lock file '{_path}' was held by another front-end for more than {Deadline}.", ex);
                }

                await Task.Delay(PollInterval, _time, cancellationToken);
            }
        }
    }
}

namespace TestKit;

/// <summary>A server process did not come up: it exited, or did not accept connections before the deadline.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException(string reason, string commandLine, string output, Exception? innerException = null)
        : base(Describe(reason, commandLine, output), innerException)
    {
        Reason = reason;
        CommandLine = commandLine;
        Output = output;
    }

    /// <summary>What went wrong, without the command line and output.</summary>
    public string Reason { get; }

    /// <summary>The command line the kit ran.</summary>
    public string CommandLine { get; }

    /// <summary>What the server wrote to stdout and stderr.</summary>
    public string Output { get; }

    private static string Describe(string reason, string commandLine, string output)
    {
        string shownOutput = output.Length == 0 ? "(no output)" : output.TrimEnd();
        return $"{reason}{Environment.NewLine}Command: {commandLine}{Environment.NewLine}Output:{Environment.NewLine}{shownOutput}";
    }
}

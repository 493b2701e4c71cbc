using System.Buffers;
using System.Text;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary><c>mn</c> → <c>MN</c>: a cheap round trip, used by health probes.</summary>
internal sealed class NoOpOperation : Operation<bool>
{
    public override string Name => "noop";

    public override void WriteRequest(IBufferWriter<byte> writer) => CommandWriter.Write(writer, "mn\r\n"u8);

    public override bool OnReply(in MetaReply reply, string node) => reply.Code switch
    {
        ReplyCode.NoOp => TrySetResult(true) || true,
        _ when reply.IsError => Failed(ErrorFrom(reply, node)),
        _ => throw Unexpected(reply),
    };

    private bool Failed(Exception exception)
    {
        Fail(exception);
        return true;
    }
}

/// <summary><c>version</c> → <c>VERSION &lt;text&gt;</c>.</summary>
internal sealed class VersionOperation : Operation<string>
{
    public override string Name => "version";

    public override void WriteRequest(IBufferWriter<byte> writer) => CommandWriter.Write(writer, "version\r\n"u8);

    public override bool OnReply(in MetaReply reply, string node)
    {
        if (reply.Code == ReplyCode.Version)
        {
            TrySetResult(reply.ArgumentText);
        }
        else if (reply.IsError)
        {
            Fail(ErrorFrom(reply, node));
        }
        else
        {
            throw Unexpected(reply);
        }

        return true;
    }
}

/// <summary><c>flush_all [delay]</c> → <c>OK</c>.</summary>
internal sealed class FlushAllOperation(long delaySeconds) : Operation<bool>
{
    public override string Name => "flush_all";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        CommandWriter.Write(writer, "flush_all"u8);
        if (delaySeconds > 0)
        {
            CommandWriter.WriteNumber(writer, delaySeconds);
        }

        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node)
    {
        if (reply.Code == ReplyCode.Ok)
        {
            TrySetResult(true);
        }
        else if (reply.IsError)
        {
            Fail(ErrorFrom(reply, node));
        }
        else
        {
            throw Unexpected(reply);
        }

        return true;
    }
}

/// <summary><c>stats [group]</c> → <c>STAT &lt;name&gt; &lt;value&gt;</c>* <c>END</c>.</summary>
internal sealed class StatsOperation(string? group) : Operation<IReadOnlyDictionary<string, string>>
{
    private readonly Dictionary<string, string> _stats = new(StringComparer.Ordinal);

    public override string Name => "stats";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        CommandWriter.Write(writer, "stats"u8);
        if (!string.IsNullOrEmpty(group))
        {
            CommandWriter.WriteByte(writer, (byte)' ');
            CommandWriter.Write(writer, Encoding.ASCII.GetBytes(group));
        }

        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node)
    {
        switch (reply.Code)
        {
            case ReplyCode.Stat:
                var arguments = reply.Arguments;
                var space = arguments.IndexOf((byte)' ');
                var name = Encoding.ASCII.GetString(space < 0 ? arguments : arguments[..space]);
                _stats[name] = space < 0 ? string.Empty : Encoding.ASCII.GetString(arguments[(space + 1)..]);
                return false;
            case ReplyCode.End:
                TrySetResult(_stats);
                return true;
            case ReplyCode.ClientError or ReplyCode.ServerError or ReplyCode.Error:
                Fail(ErrorFrom(reply, node));
                return true;
            default:
                throw Unexpected(reply);
        }
    }
}

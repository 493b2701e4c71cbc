using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary>
/// A pipelined multi-get for the keys that live on one node: <c>mg &lt;key&gt; v c f t q O&lt;i&gt;</c>
/// per key (misses stay silent), then <c>mn</c>, whose <c>MN</c> ends the batch. Hits are matched to
/// keys by the opaque token.
/// </summary>
internal sealed class GetManyOperation(IReadOnlyList<(string Key, bool Base64)> keys) : Operation<List<(int Index, GetResult Result)>>
{
    private readonly List<(int Index, GetResult Result)> _hits = [];
    private MemcachedException? _error;

    public override string Name => "get_many";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var (key, base64) = keys[i];
            CommandWriter.WriteCommandAndKey(writer, "mg"u8, key, base64);
            if (base64)
            {
                CommandWriter.WriteFlag(writer, (byte)'b');
            }

            CommandWriter.Write(writer, " v c f t q"u8);
            CommandWriter.WriteFlag(writer, (byte)'O', (ulong)i);
            CommandWriter.WriteEndOfLine(writer);
        }

        CommandWriter.Write(writer, "mn\r\n"u8);
    }

    public override bool OnReply(in MetaReply reply, string node)
    {
        switch (reply.Code)
        {
            case ReplyCode.Value:
                if (!reply.TryGetNumber((byte)'O', out var index) || index < 0 || index >= keys.Count)
                {
                    throw new ProtocolException("a pipelined mg hit carries no valid opaque token");
                }

                if (!IsCompleted)
                {
                    _hits.Add(((int)index, GetOperation.ToResult(reply)));
                }

                return false;
            case ReplyCode.ClientError or ReplyCode.ServerError or ReplyCode.Error:
                // Errors carry no opaque token; remember the first and keep reading up to MN.
                _error ??= ErrorFrom(reply, node);
                return false;
            case ReplyCode.NoOp:
                if (_error is null && TrySetResult(_hits))
                {
                    return true;
                }

                foreach (var (_, result) in _hits)
                {
                    result.Dispose();
                }

                if (_error is not null)
                {
                    Fail(_error);
                }

                return true;
            default:
                throw Unexpected(reply);
        }
    }
}

namespace Memcached.Protocol;

/// <summary>The first token of a reply line.</summary>
internal enum ReplyCode : byte
{
    /// <summary><c>VA &lt;size&gt; &lt;flags&gt;*</c> followed by a data block.</summary>
    Value,

    /// <summary><c>HD</c>: success, no value.</summary>
    Success,

    /// <summary><c>EN</c>: miss (mg).</summary>
    Miss,

    /// <summary><c>NS</c>: not stored.</summary>
    NotStored,

    /// <summary><c>EX</c>: CAS mismatch.</summary>
    Exists,

    /// <summary><c>NF</c>: not found.</summary>
    NotFound,

    /// <summary><c>MN</c>: end of a pipelined batch.</summary>
    NoOp,

    /// <summary><c>OK</c> (flush_all).</summary>
    Ok,

    /// <summary><c>END</c> (stats).</summary>
    End,

    /// <summary><c>STAT &lt;name&gt; &lt;value&gt;</c>.</summary>
    Stat,

    /// <summary><c>VERSION &lt;version&gt;</c>.</summary>
    Version,

    /// <summary><c>STORED</c> (the classic set used for ASCII authentication).</summary>
    Stored,

    /// <summary><c>ERROR</c>.</summary>
    Error,

    /// <summary><c>CLIENT_ERROR &lt;text&gt;</c>.</summary>
    ClientError,

    /// <summary><c>SERVER_ERROR &lt;text&gt;</c>.</summary>
    ServerError,
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sessions.AspNetCore;

namespace WebFront.Api;

/// <summary>
/// The HTTP session API for front-ends in other languages, on the caller's own session cookie:
/// <c>GET /api/session</c> (all keys and values as JSON), <c>GET/PUT/DELETE /api/session/{key}</c> (the value is the
/// raw body), <c>DELETE /api/session</c> (invalidate).
/// </summary>
internal static class SessionApiEndpoints
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder api = endpoints.MapGroup("/api/session").DisableAntiforgery();
        api.MapGet(string.Empty, GetAll);
        api.MapGet("/{key}", GetOne);
        api.MapPut("/{key}", PutAsync);
        api.MapDelete("/{key}", Delete);
        api.MapDelete(string.Empty, InvalidateAsync);
    }

    /// <summary>Keys to values: a UTF-8 value as a JSON string, any other as <c>{"base64": "…"}</c>.</summary>
    private static IResult GetAll(HttpContext context)
    {
        ISession session = context.Session;
        var values = new JsonObject();
        foreach (string key in session.Keys.Order(StringComparer.Ordinal))
        {
            if (session.TryGetValue(key, out byte[]? value))
            {
                values[key] = TryDecode(value, out string? text) ? JsonValue.Create(text) : new JsonObject { ["base64"] = Convert.ToBase64String(value) };
            }
        }

        return Results.Json(values);
    }

    private static IResult GetOne(string key, HttpContext context)
    {
        key = KeyOf(context, key);
        if (Inputs.CheckKey(key) is { } problem)
        {
            return problem;
        }

        return context.Session.TryGetValue(key, out byte[]? value)
            ? Results.Bytes(value, "application/octet-stream")
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: "The session has no value under this key.");
    }

    private static async Task<IResult> PutAsync(string key, HttpContext context, IOptions<ClusterSessionOptions> options)
    {
        key = KeyOf(context, key);
        if (Inputs.CheckKey(key) is { } problem)
        {
            return problem;
        }

        int limit = options.Value.MaxValueSize > 0 ? options.Value.MaxValueSize : int.MaxValue - 1;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        byte[]? value = await ReadAtMostAsync(context.Request.BodyReader, limit, context.RequestAborted);
        if (value is null)
        {
            return TooLarge(limit);
        }

        context.Session.Set(key, value);
        return Results.NoContent();
    }

    private static IResult Delete(string key, HttpContext context)
    {
        key = KeyOf(context, key);
        if (Inputs.CheckKey(key) is { } problem)
        {
            return problem;
        }

        context.Session.Remove(key);
        return Results.NoContent();
    }

    private static async Task<IResult> InvalidateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.Session.InvalidateAsync(cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// The key as the caller sent it: the raw path segment unescaped once. The routed value cannot be used: the server
    /// leaves <c>%2F</c> escaped in the path but unescapes <c>%25</c>, so the keys <c>a/b</c> (sent <c>a%2Fb</c>) and
    /// <c>a%2Fb</c> (sent <c>a%252Fb</c>) would both arrive as <c>a%2Fb</c>.
    /// </summary>
    private static string KeyOf(HttpContext context, string routed)
    {
        string? raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return routed;
        }

        int query = raw.IndexOf('?', StringComparison.Ordinal);
        string path = (query >= 0 ? raw[..query] : raw).TrimEnd('/');
        return Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }

    private static IResult TooLarge(int limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Session limit exceeded", detail: $"A session value is at most {limit} bytes.");

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                byte[] body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static bool TryDecode(byte[] value, out string? text)
    {
        try
        {
            text = s_strictUtf8.GetString(value);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = null;
            return false;
        }
    }
}

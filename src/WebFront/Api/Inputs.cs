namespace WebFront.Api;

/// <summary>Checks of caller input, answering 400 with a clear problem.</summary>
internal static class Inputs
{
    public const int MaxUserIdLength = 128;

    /// <summary>A 400 problem when <paramref name="userId"/> is not 1-128 printable characters; null when it is fine.</summary>
    public static IResult? CheckUserId(string? userId) =>
        string.IsNullOrWhiteSpace(userId) || userId.Length > MaxUserIdLength || userId.Any(char.IsControl)
            ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid user id", detail: $"A user id is 1 to {MaxUserIdLength} printable characters.")
            : null;

    /// <summary>A 400 problem when <paramref name="key"/> is empty or has control characters; null when it is fine (its length is a session limit: 413).</summary>
    public static IResult? CheckKey(string? key) =>
        string.IsNullOrEmpty(key) || key.Any(char.IsControl)
            ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid session key", detail: "A session key is a non-empty string without control characters.")
            : null;
}

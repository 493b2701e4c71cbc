using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sessions;
using Sessions.AspNetCore.Admin;

namespace WebFront.Pages;

/// <summary>The sign-in demo: sign in (regenerate the session id, bind the user), log out, log out everywhere.</summary>
public sealed class AccountModel(IClusterSessionAdmin admin) : PageModel
{
    /// <summary>The longest accepted name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The name typed in the form.</summary>
    [BindProperty]
    public string? UserName { get; set; }

    /// <summary>The signed-in user, if any.</summary>
    public string? SignedInAs { get; private set; }

    /// <summary>The signed-in user's sessions.</summary>
    public IReadOnlyList<UserSessionInfo> Sessions { get; private set; } = [];

    /// <summary>This session's handle.</summary>
    public string CurrentHandle => HttpContext.Session.Id;

    /// <summary>What just happened.</summary>
    public string? Notice { get; private set; }

    /// <summary>Why the form was refused.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the page.</summary>
    public async Task OnGetAsync(string? from, int? loggedOut)
    {
        Notice = (from, loggedOut) switch
        {
            ({ Length: > 0 }, _) => $"Signed in. Your session moved from {from} to {HttpContext.Session.Id}.",
            (_, { } n) => $"Logged out of {n} session(s).",
            _ => null,
        };
        await ShowAsync();
    }

    /// <summary>Signs in: a new session id (contents move with it), bound to the user.</summary>
    public async Task<IActionResult> OnPostSignInAsync()
    {
        string? name = UserName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
        {
            Error = $"A name is 1 to {MaxNameLength} letters, digits or . _ - @.";
            await ShowAsync();
            return Page();
        }

        string before = HttpContext.Session.Id;
        await HttpContext.Session.RegenerateIdAsync(HttpContext.RequestAborted);
        await HttpContext.Session.BindUserAsync(name, HttpContext.RequestAborted);
        return RedirectToPage(new { from = before });
    }

    /// <summary>Logs this session out (invalidates it).</summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.Session.InvalidateAsync(HttpContext.RequestAborted);
        return RedirectToPage(new { loggedOut = 1 });
    }

    /// <summary>Invalidates every session of the user.</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        int count = await HttpContext.Session.LogOutEverywhereAsync(HttpContext.RequestAborted);
        return RedirectToPage(new { loggedOut = count });
    }

    private async Task ShowAsync()
    {
        SignedInAs = HttpContext.Session.GetUserId();
        if (SignedInAs is not null)
        {
            Sessions = await admin.ListUserSessionsAsync(SignedInAs, HttpContext.RequestAborted);
        }
    }
}

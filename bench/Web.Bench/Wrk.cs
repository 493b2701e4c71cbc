using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Web.Bench;

/// <summary>One wrk run: requests per second, p99 latency, errors.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors)
{
    /// <summary>CPU of the app process per request (µs), measured around the run.</summary>
    public double AppCpuMicros { get; init; }

    /// <summary>CPU of the session back-end per request (µs): the silo process, or redis-server; 0 without a session.</summary>
    public double BackendCpuMicros { get; init; }
}

/// <summary>What a browser posts the shop's forms with: its antiforgery cookie (<c>name=value</c>) and the form token.</summary>
internal sealed record ShopForm(string AntiforgeryCookie, string Token);

/// <summary>Runs wrk with a Lua script that spreads requests over many session cookies.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri target, string script, int threads, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-t", $"{threads}", "-c", $"{connections}", "-d", $"{seconds}s", "--latency", "-s", script, target.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || RequestsPerSecond().Match(output) is not { Success: true } rps)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}):\n{output}\n{error}");
        }

        long errors = NonSuccess().Match(output) is { Success: true } non ? long.Parse(non.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        foreach (Match socket in SocketErrors().Matches(output))
        {
            errors += socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        }

        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            errors);
    }

    /// <summary>
    /// A wrk script: each request picks one of the session cookies at random, and a write with probability
    /// <paramref name="writeShare"/>, else a read. On the bench page a read is <c>GET /read</c> and a write <c>GET /write</c>;
    /// on the shop page (<paramref name="shop"/> given) a read is <c>GET /</c> and a write is the quantity form of a random
    /// product of the cart posted with a random quantity, with the antiforgery cookie and token a browser would send.
    /// With <paramref name="thinkMs"/>, each connection waits a random time (exponential, that mean, in whole milliseconds)
    /// before each request: a paced load instead of back-to-back requests.
    /// </summary>
    public static string WriteScript(string path, string cookieName, IReadOnlyList<string> cookies, double writeShare, ShopForm? shop = null, double? thinkMs = null)
    {
        var lua = new StringBuilder();
        lua.AppendLine("local cookies = {");
        foreach (string cookie in cookies)
        {
            lua.Append("  \"").Append(cookieName).Append('=').Append(cookie);
            if (shop is not null)
            {
                lua.Append("; ").Append(shop.AntiforgeryCookie);
            }

            lua.AppendLine("\",");
        }

        lua.AppendLine("}");
        lua.AppendLine(CultureInfo.InvariantCulture, $"local write_share = {writeShare.ToString(CultureInfo.InvariantCulture)}");
        lua.AppendLine("""
            local counter = 0
            function setup(thread)
              counter = counter + 1
              thread:set("seed", counter)
            end
            function init(args)
              math.randomseed(os.time() * 100 + seed)
            end
            """);
        if (thinkMs is { } think)
        {
            lua.AppendLine(CultureInfo.InvariantCulture, $"local think_ms = {think.ToString("0.###", CultureInfo.InvariantCulture)}");
            lua.AppendLine("""
                function delay()
                  return math.floor(-math.log(1 - math.random()) * think_ms + 0.5)
                end
                """);
        }

        if (shop is null)
        {
            lua.AppendLine("""
                function request()
                  local path = "/read"
                  if math.random() < write_share then path = "/write" end
                  return wrk.format("GET", path, { ["Cookie"] = cookies[math.random(#cookies)] })
                end
                """);
        }
        else
        {
            lua.Append("local skus = {").AppendJoin(", ", ShopPage.CartProducts.Select(p => $"\"{p.Sku}\"")).AppendLine("}");
            lua.AppendLine(CultureInfo.InvariantCulture, $"local token = \"{shop.Token}\"");
            lua.AppendLine(CultureInfo.InvariantCulture, $"local max_quantity = {WebFront.Shop.Cart.MaxQuantity}");
            lua.AppendLine("""
                function request()
                  local cookie = cookies[math.random(#cookies)]
                  if math.random() < write_share then
                    local body = "sku=" .. skus[math.random(#skus)] .. "&quantity=" .. math.random(1, max_quantity) .. "&__RequestVerificationToken=" .. token
                    return wrk.format("POST", "/?handler=Quantity", { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
                  end
                  return wrk.format("GET", "/", { ["Cookie"] = cookie })
                end
                """);
        }

        File.WriteAllText(path, lua.ToString());
        return path;
    }

    private static double Percentile(string output, string percentile)
    {
        Match match = Regex.Match(output, $@"^\s+{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        double value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}

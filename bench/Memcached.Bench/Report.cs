using System.Globalization;
using System.Text;

namespace Memcached.Bench;

/// <summary>
/// The Markdown report: every block goes to stdout as soon as it is known, and the whole is saved to
/// bench/results/&lt;timestamp&gt;.md at the end. Progress goes to stderr so that stdout is pure Markdown.
/// </summary>
internal sealed class Report
{
    private readonly StringBuilder _markdown = new();

    public void Heading(int level, string text) => Block($"{new string('#', level)} {text}");

    public void Paragraph(string text) => Block(text);

    public void Bullets(IEnumerable<string> items) => Block(string.Join('\n', items.Select(item => "- " + item)));

    public void Code(IEnumerable<string> lines) => Block("```\n" + string.Join('\n', lines) + "\n```");

    public void Table(MarkdownTable table) => Block(table.Render());

    public static void Progress(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");

    /// <summary>Writes the report to bench/results/ under the repository root and returns the file's path.</summary>
    public string Save()
    {
        string directory = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".md");
        File.WriteAllText(file, _markdown.ToString());
        return file;
    }

    private void Block(string text)
    {
        _markdown.Append(text).Append("\n\n");
        Console.Out.Write(text + "\n\n");
        Console.Out.Flush();
    }

    private static string RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}

/// <summary>A Markdown table with a header row.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public string Render()
    {
        StringBuilder text = new();
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        text.Append('|').AppendJoin('|', headers.Select(_ => "---:")).Append("|\n");
        foreach (string[] row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}

/// <summary>Number formats shared by the tables.</summary>
internal static class Format
{
    public static string Rate(double opsPerSecond) => opsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Ratios(IEnumerable<double> ratios) => string.Join(" ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));

    public static string Micros(double microseconds) => microseconds.ToString(microseconds < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " µs";

    public static string Bytes(int bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KB",
        _ => $"{bytes} B",
    };

    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The median over <paramref name="results"/> of the process CPU time per operation, in µs.</summary>
    public static string CpuPerOperation(IEnumerable<LoadResult> results) =>
        Statistics.Median(results.Select(r => r.CpuMicrosPerOperation)).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The median over <paramref name="results"/> of the server's CPU time per operation, in µs.</summary>
    public static string ServerCpuPerOperation(IEnumerable<LoadResult> results) =>
        Statistics.Median(results.Select(r => r.ServerCpuMicrosPerOperation)).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The median over <paramref name="results"/> of the bytes allocated per operation.</summary>
    public static string AllocatedPerOperation(IEnumerable<LoadResult> results) =>
        Int((long)Statistics.Median(results.Select(r => r.AllocatedPerOperation)));
}

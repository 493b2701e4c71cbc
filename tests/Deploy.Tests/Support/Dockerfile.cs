using System.Text.RegularExpressions;

namespace Deploy.Tests.Support;

/// <summary>A Dockerfile's instructions (continuation lines joined, comments dropped) and its build arguments' defaults.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<(string Instruction, string Arguments)> lines) => Lines = lines;

    public IReadOnlyList<(string Instruction, string Arguments)> Lines { get; }

    public static Dockerfile Read(string path)
    {
        var joined = Continuation().Replace(File.ReadAllText(path), " ");
        return new Dockerfile([.. joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2) is [var instruction, var rest] ? (instruction.ToUpperInvariant(), rest.Trim()) : (l.ToUpperInvariant(), string.Empty))]);
    }

    public IEnumerable<string> All(string instruction) => Lines.Where(l => l.Instruction == instruction).Select(l => l.Arguments);

    /// <summary>The images of the FROM lines, with ARG defaults substituted.</summary>
    public IReadOnlyList<string> BaseImages()
    {
        var args = All("ARG").Select(a => a.Split('=', 2)).Where(a => a.Length == 2).ToDictionary(a => a[0], a => a[1]);
        return [.. All("FROM").Select(f => ArgReference().Replace(f.Split(' ')[0], m => args[m.Groups[1].Value]))];
    }

    /// <summary>The instructions after the last FROM (the image that ships).</summary>
    public IEnumerable<(string Instruction, string Arguments)> FinalStage() =>
        Lines.Skip(Lines.Select((l, i) => (l, i)).Last(x => x.l.Instruction == "FROM").i);

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex ArgReference();
}

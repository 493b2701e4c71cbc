using System.Text;
using LocalCluster.Health;

namespace LocalCluster.Output;

/// <summary>The status table: component, URL/port, PID, state.</summary>
public static class StatusTable
{
    /// <summary>The table as aligned text lines.</summary>
    public static string Format(IReadOnlyList<ComponentStatus> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string[] header = ["component", "URL / port", "PID", "state"];
        var cells = rows.Select(r => new[] { r.Name, r.Address, r.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", Text(r.State) }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => cells.Select(c => c[i].Length).Append(header[i].Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, header, widths);
        Line(text, [.. widths.Select(w => new string('-', w))], widths);
        cells.ForEach(c => Line(text, c, widths));
        return text.ToString();
    }

    /// <summary>How a state reads in the table.</summary>
    public static string Text(ComponentState state) => state switch
    {
        ComponentState.Healthy => "healthy",
        ComponentState.Degraded => "degraded",
        ComponentState.Starting => "not ready",
        ComponentState.Paused => "paused",
        _ => "down",
    };

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        text.AppendLine();
    }
}

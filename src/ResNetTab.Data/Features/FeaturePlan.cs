using System.Globalization;
using System.Text;

namespace ResNetTab.Data;

/// <summary>Every path seen at fit with its kind, statistics and encoding decision; printable.</summary>
public sealed class FeaturePlan
{
    /// <summary>Creates a plan.</summary>
    public FeaturePlan(IReadOnlyList<FieldPlan> fields, long rows)
    {
        Fields = fields;
        Rows = rows;
    }

    /// <summary>All paths, selected first, each group ordered by path.</summary>
    public IReadOnlyList<FieldPlan> Fields { get; }

    /// <summary>Fit records.</summary>
    public long Rows { get; }

    /// <summary>The selected fields.</summary>
    public IEnumerable<FieldPlan> Selected => Fields.Where(f => f.Selected);

    /// <summary>The plan for a path, or null.</summary>
    public FieldPlan? this[string path] => Fields.FirstOrDefault(f => f.Path == path);

    /// <summary>
    /// A fixed-width text table: field, kind, missing rate, cardinality, encoding, and why the kind was chosen
    /// (the OCSF schema, a name convention, or the values themselves, e.g. <c>values are ISO-8601 timestamps</c>).
    /// </summary>
    public string ToReport()
    {
        var sb = new StringBuilder();
        var width = Math.Max(5, Fields.Count == 0 ? 5 : Fields.Max(f => f.Path.Length));
        sb.AppendLine(CultureInfo.InvariantCulture, $"Feature plan: {Fields.Count(f => f.Selected)} of {Fields.Count} fields selected, fit on {Rows} records");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"field".PadRight(width)}  {"kind",-11}  {"missing",7}  {"card.",7}  encoding  [kind from]");
        foreach (var f in Fields)
        {
            var card = (f.CardinalityIsLowerBound ? ">" : "") + f.Cardinality.ToString(CultureInfo.InvariantCulture);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{f.Path.PadRight(width)}  {f.Kind,-11}  {f.MissingRate,7:P1}  {card,7}  {(f.Selected ? "" : "dropped: ")}{f.Encoding}  [{f.KindReason}]");
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToReport();
}

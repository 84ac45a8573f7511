using System.Globalization;

namespace ResNetTab.Data;

/// <summary>JSON type of a flattened value.</summary>
public enum FieldValueKind : byte
{
    /// <summary>Explicit JSON <c>null</c> (or an empty CSV cell): treated as missing.</summary>
    Null,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>A number (held as <see cref="double"/>).</summary>
    Number,
    /// <summary>A string.</summary>
    String,
    /// <summary>
    /// The values of one field across the elements of an array of objects (<c>observables[].type_id</c>), as a
    /// multiset of category texts (see <see cref="FieldValue.Items"/>).
    /// </summary>
    Bag,
}

/// <summary>One scalar value at a flattened path.</summary>
public readonly record struct FieldValue
{
    private FieldValue(FieldValueKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    /// <summary>Type of the value.</summary>
    public FieldValueKind Kind { get; }

    /// <summary>Numeric value (1/0 for booleans, NaN for strings and nulls).</summary>
    public double Number { get; }

    /// <summary>String value, or null when <see cref="Kind"/> is not <see cref="FieldValueKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The null value.</summary>
    public static FieldValue Null { get; } = new(FieldValueKind.Null, double.NaN, null);

    /// <summary>Creates a number.</summary>
    public static FieldValue FromNumber(double value) => new(FieldValueKind.Number, value, null);

    /// <summary>Creates a boolean.</summary>
    public static FieldValue FromBoolean(bool value) => new(FieldValueKind.Boolean, value ? 1 : 0, null);

    /// <summary>Creates a string.</summary>
    public static FieldValue FromString(string value) => new(FieldValueKind.String, double.NaN, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Separates the items of a bag in <see cref="Text"/> (the unit separator, U+001F; items holding it have it replaced by a space).</summary>
    public const char BagSeparator = '\u001F';

    /// <summary>
    /// Creates a bag from category texts, kept in the order given (the encoders count items, so order does not
    /// change features); <see cref="Text"/> holds them joined by <see cref="BagSeparator"/>.
    /// </summary>
    public static FieldValue FromBag(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return FromBagText(string.Join(BagSeparator, items.Select(i => i.Replace(BagSeparator, ' '))));
    }

    internal static FieldValue FromBagText(string joined) => new(FieldValueKind.Bag, double.NaN, joined);

    /// <summary>The items of a bag (empty for other kinds).</summary>
    public string[] Items => Kind == FieldValueKind.Bag ? Text!.Split(BagSeparator) : [];

    /// <summary>True for <see cref="FieldValueKind.Null"/>.</summary>
    public bool IsNull => Kind == FieldValueKind.Null;

    /// <summary>
    /// Canonical text used as a category: strings as they are, booleans as <c>true</c>/<c>false</c>,
    /// integral numbers without a decimal point (<c>3002</c>), other numbers in round-trip form; null for nulls.
    /// </summary>
    public string? ToCategory() => Kind switch
    {
        FieldValueKind.String or FieldValueKind.Bag => Text,
        FieldValueKind.Boolean => Number != 0 ? "true" : "false",
        FieldValueKind.Number => FormatNumber(Number),
        _ => null,
    };

    /// <summary>Numeric reading of the value: numbers as they are, booleans 1/0, numeric strings parsed (invariant culture); otherwise false.</summary>
    public bool TryGetNumber(out double value)
    {
        switch (Kind)
        {
            case FieldValueKind.Number:
            case FieldValueKind.Boolean:
                value = Number;
                return true;
            case FieldValueKind.String:
                return double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = double.NaN;
                return false;
        }
    }

    /// <summary>Invariant text of a number; integral values print without exponent or decimal point.</summary>
    public static string FormatNumber(double x)
    {
        if (Math.Abs(x) < 1e15 && x == Math.Floor(x)) return ((long)x).ToString(CultureInfo.InvariantCulture);
        return x.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FieldValueKind.Null => "null",
        FieldValueKind.Bag => "[" + string.Join(", ", Items) + "]",
        _ => ToCategory()!,
    };
}

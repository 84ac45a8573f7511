using System.Text.Json;
using System.Text.Json.Serialization;
using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>The saved form of a fitted <see cref="TabularPreprocessor"/> (see docs/data.md for the format).</summary>
internal sealed class PreprocessorDocument
{
    /// <summary>Format name written to every file.</summary>
    public const string FormatName = "resnettab.preprocessor";

    /// <summary>Format version this library writes and reads.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; set; } = FormatName;

    /// <summary>Format version.</summary>
    public int FormatVersion { get; set; } = CurrentVersion;

    /// <summary>Version of the library that wrote the file (informational).</summary>
    public string? LibraryVersion { get; set; }

    /// <summary>Fingerprint of the feature layout (<see cref="TabularPreprocessor.Fingerprint"/>).</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>Fit options, flattening rules included.</summary>
    public FeaturePlanOptions Options { get; set; } = new();

    /// <summary>Records seen at fit.</summary>
    public long FitRows { get; set; }

    /// <summary>Every path seen at fit with its decision.</summary>
    public List<FieldPlan> Plan { get; set; } = [];

    /// <summary>Fitted encoders in column order.</summary>
    public List<FieldEncoder> Encoders { get; set; } = [];

    /// <summary>All paths seen at fit (others count as new fields in the drift report).</summary>
    public List<string> KnownFields { get; set; } = [];

    /// <summary>Numerical column names (redundant, for readers of the file).</summary>
    public List<string> NumericalNames { get; set; } = [];

    /// <summary>Categorical column names (redundant, for readers of the file).</summary>
    public List<string> CategoricalNames { get; set; } = [];

    /// <summary>Categorical cardinalities (redundant, for readers of the file).</summary>
    public List<int> Cardinalities { get; set; } = [];

    /// <summary>
    /// SHA-256 (hex) of the whole document as serialized without this member (see docs/data.md); checked on load,
    /// so an edited or damaged file is refused. Null only while it is being computed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Checksum { get; set; }

    /// <summary>Serializer settings of the format: camelCase, enums as strings, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

namespace ResNetTab.Pipeline;

/// <summary>
/// The table of contents of a model bundle (<c>manifest.json</c>): versions, where the training input came from, how the
/// model was trained, the detector and its threshold, and the SHA-256 of every other file of the bundle.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "resnettab-bundle";

    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Format version of the bundle.</summary>
    public int FormatVersion { get; init; } = CurrentVersion;

    /// <summary>Version of ResNetTab that fitted the bundle.</summary>
    public string LibraryVersion { get; init; } = "";

    /// <summary>The training input.</summary>
    public InputSummary Input { get; init; } = new();

    /// <summary>SHA-256 of the preprocessor's feature layout (column names and cardinalities).</summary>
    public string FeatureLayout { get; init; } = "";

    /// <summary>The detector, in words.</summary>
    public string Detector { get; init; } = "";

    /// <summary>The decision threshold and how it was chosen.</summary>
    public ThresholdInfo Threshold { get; init; } = new();

    /// <summary>The pretraining run.</summary>
    public TrainingSummary Training { get; init; } = new();

    /// <summary>Every other file of the bundle with its size and SHA-256.</summary>
    public IReadOnlyList<BundlePart> Parts { get; init; } = [];
}

/// <summary>Where the training events came from.</summary>
public sealed record InputSummary
{
    /// <summary>SHA-256 over the files' names, sizes and content hashes, in reading order.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>The files read.</summary>
    public IReadOnlyList<InputFile> Files { get; init; } = [];

    /// <summary>Events read.</summary>
    public long Events { get; init; }

    /// <summary>Records that could not be read and were skipped.</summary>
    public long BadRecords { get; init; }
}

/// <summary>One input file.</summary>
/// <param name="Name">The file's name (without its folder, so the bundle does not record local paths).</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of its content (hex).</param>
public sealed record InputFile(string Name, long Bytes, string Sha256);

/// <summary>The decision threshold on the score scale: an event is labelled anomalous when its score is above it.</summary>
public sealed record ThresholdInfo
{
    /// <summary>The threshold.</summary>
    public double Value { get; init; }

    /// <summary>The expected share of anomalies it was derived from.</summary>
    public double Contamination { get; init; }

    /// <summary>How it was chosen, in words.</summary>
    public string Method { get; init; } = "";
}

/// <summary>The pretraining run.</summary>
public sealed record TrainingSummary
{
    /// <summary>Training rows (events).</summary>
    public long Rows { get; init; }

    /// <summary>Numerical feature columns.</summary>
    public int NumericalColumns { get; init; }

    /// <summary>Categorical feature columns.</summary>
    public int CategoricalColumns { get; init; }

    /// <summary>The pretraining recipe, in words.</summary>
    public string Recipe { get; init; } = "";

    /// <summary>Epochs asked for.</summary>
    public int Epochs { get; init; }

    /// <summary>The seed of every random choice.</summary>
    public int Seed { get; init; }

    /// <summary>0-based epoch whose weights were kept (early stopping restores the best), or null when the last.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>Wall-clock seconds of the whole fit.</summary>
    public double Seconds { get; init; }

    /// <summary>Every completed epoch.</summary>
    public IReadOnlyList<EpochSummary> History { get; init; } = [];
}

/// <summary>One pretraining epoch.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="ValidationLoss">Mean loss on the held-out rows, when there were some.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record EpochSummary(int Epoch, double TrainLoss, double? ValidationLoss, double Seconds);

/// <summary>One file of a bundle.</summary>
/// <param name="Name">What it is (<c>preprocessor</c>, <c>model</c>, …).</param>
/// <param name="Path">Its path inside the bundle, with forward slashes.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of its content (hex).</param>
public sealed record BundlePart(string Name, string Path, long Bytes, string Sha256);

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// The pretrained model as a detector: a row's score is its masked reconstruction error, summed over its cells under
/// K deterministic masks that together mask every cell once (numerical cells: squared error; categorical cells:
/// cross-entropy of the true index), each column's error divided by its mean on the training rows, averaged over the
/// mask counts K of <see cref="ReconstructionScorerOptions.MaskCounts"/>. Higher = more
/// anomalous; <see cref="Contributions(FeatureMatrix)"/> gives every column's share, so a score traces back to the fields that were
/// unpredictable.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="TabularData"/> (the <see cref="AnomalyScorerExtensions"/> overloads), or a <see cref="FeatureMatrix"/>
/// whose first columns are the <see cref="Schema"/>'s numerical columns and the rest its categorical indices. The scorer is
/// created with the columns (a <see cref="TabularSchema"/> or a pretrained model), so it always knows which are categorical.</para>
/// <para><see cref="AnomalyScorerBase.Fit"/> pretrains a model with <see cref="ReconstructionScorerOptions.Pretraining"/> on the rows, unless
/// the scorer was created around a pretrained model, then calibrates the column scales and the threshold.
/// <see cref="ScorerPersistence"/> saves and loads it like the other scorers: the JSON file holds the settings and
/// calibration, the model is a safetensors file beside it (<c>{file}.model.safetensors</c>, the format of
/// <see cref="SelfSupervisedModel.Save"/>) referenced with its SHA-256.</para>
/// </remarks>
public sealed class ReconstructionScorer : AnomalyScorerBase, IDisposable
{
    private const string KindName = "ReconstructionScorer";
    private double[] columnScales = [];
    private SelfSupervisedModel? model;
    private readonly UseGuard guard = new();

    /// <summary>Teaches <see cref="ScorerPersistence"/> this kind as soon as this assembly is loaded.</summary>
#pragma warning disable CA2255 // A library registering its scorer kind with the persistence of another assembly is what module initialisers are for.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ScorerPersistence.RegisterKind(KindName, LoadModel);

    /// <summary>Creates an unfitted scorer that pretrains its own model for <paramref name="schema"/>'s columns in <see cref="AnomalyScorerBase.Fit"/>.</summary>
    /// <param name="schema">The columns: numerical names, categorical names and cardinalities (for example <c>data.Schema</c> of the training rows).</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public ReconstructionScorer(TabularSchema schema, ReconstructionScorerOptions? options = null)
        : base((options ?? new ReconstructionScorerOptions()).Contamination)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Options = options ?? new ReconstructionScorerOptions();
        Options.Validate();
    }

    /// <summary>Creates an unfitted scorer around a pretrained model; <see cref="AnomalyScorerBase.Fit"/> only calibrates.</summary>
    /// <param name="pretrained">The pretrained model (owned by the caller until the scorer is disposed; the scorer does not dispose it). Its columns are the scorer's.</param>
    /// <param name="options">The settings; the defaults when null (<see cref="ReconstructionScorerOptions.Pretraining"/> is not used).</param>
    public ReconstructionScorer(SelfSupervisedModel pretrained, ReconstructionScorerOptions? options = null)
        : this(SchemaOf(pretrained), options)
    {
        model = pretrained;
        Pretrained = true;
    }

    /// <summary>The columns the scorer reads: its matrix holds the numerical columns, then the categorical indices.</summary>
    public TabularSchema Schema { get; }

    /// <summary>The settings.</summary>
    public ReconstructionScorerOptions Options { get; }

    /// <summary>The model (null before <see cref="AnomalyScorerBase.Fit"/> of a scorer that trains its own).</summary>
    public SelfSupervisedModel? Model => model;

    /// <summary>Whether the model was given rather than trained by <see cref="AnomalyScorerBase.Fit"/>.</summary>
    public bool Pretrained { get; private set; }

    /// <summary>The pretraining history when <see cref="AnomalyScorerBase.Fit"/> trained the model; empty otherwise.</summary>
    public IReadOnlyList<EpochMetrics> PretrainingHistory { get; private set; } = [];

    /// <summary>
    /// Mean training error of each column under each mask count (the divisors of its contributions), count-major:
    /// [count k × columns + column]; ones when not normalising.
    /// </summary>
    public IReadOnlyList<double> ColumnScales => columnScales;

    /// <summary>Column names in matrix order (numerical, then categorical).</summary>
    public IReadOnlyList<string> ColumnNames => Schema.ColumnNames;

    /// <summary>Progress of the pretraining in <see cref="AnomalyScorerBase.Fit"/>; none when null.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>
    /// Each row's per-column contributions to its score (row-major rows × columns; they sum to <see cref="IAnomalyScorer.Score"/>).
    /// </summary>
    /// <param name="x">Rows with the fitted columns.</param>
    /// <returns>Contributions.</returns>
    public double[] Contributions(FeatureMatrix x)
    {
        CheckInput(x);
        return Scaled(x);
    }

    /// <summary>
    /// Each row's per-column contributions to its score (row-major rows × columns, columns in the order of
    /// <see cref="TabularSchema.ColumnNames"/>; they sum to the row's score).
    /// </summary>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <returns>Contributions.</returns>
    public double[] Contributions(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Contributions(data.ToFeatureMatrix());
    }

    /// <summary>The <paramref name="top"/> columns that contributed most to row <paramref name="row"/>'s score, largest first.</summary>
    /// <param name="contributions">The result of <see cref="Contributions(FeatureMatrix)"/>.</param>
    /// <param name="row">The row.</param>
    /// <param name="top">How many columns.</param>
    /// <returns>(column name, contribution) pairs.</returns>
    public IReadOnlyList<(string Column, double Contribution)> TopColumns(double[] contributions, int row, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var columns = FeatureCount;
        var names = ColumnNames;
        return [.. Enumerable.Range(0, columns).Select(c => (names[c], contributions[(row * columns) + c])).OrderByDescending(t => t.Item2).Take(top)];
    }

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        using var use = guard.Enter(this);
        var numerical = Schema.NumericalColumns;
        if (numerical + Schema.CategoricalColumns != x.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"X has {x.Columns} columns; the scorer expects {numerical} numerical + {Schema.CategoricalColumns} categorical."), nameof(x));
        var data = MatrixRows.Split(x, numerical);
        if (model is null)
        {
            data.EnsureFits(numerical, Schema.Cardinalities, "training rows");
            model = Pretrainer.CreateModel(new TabularFeatureLayout(Schema.NumericalNames, Schema.CategoricalNames, Schema.Cardinalities), Options.Pretraining);
            using var pretrainer = new Pretrainer(model, Options.Pretraining);
            PretrainingHistory = [.. pretrainer.Fit(data, Progress)];
        }
        var columns = x.Columns;
        var counts = Options.MaskCounts;
        columnScales = new double[counts.Count * columns];
        var perCount = new float[counts.Count][];
        for (var k = 0; k < counts.Count; k++)
        {
            perCount[k] = CellErrors.Compute(model, data, counts[k], Options.BatchSize, Options.MaskRepeats, Options.ScoreVisible);
            for (var c = 0; c < columns; c++)
            {
                double sum = 0;
                for (var r = 0; r < x.Rows; r++) sum += perCount[k][(r * columns) + c];
                columnScales[(k * columns) + c] = Options.NormalizeColumns ? Math.Max(sum / x.Rows, 1e-6) : 1;
            }
        }
        return Negated(RowSums(Scale(perCount, columns), columns));
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x) => Negated(RowSums(Scaled(x), x.Columns));

    /// <summary>
    /// Frees the model when the scorer trained or loaded it (a given pretrained model stays with the caller). Safe while
    /// other threads score: it waits for the running calls, and calls that start afterwards throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (!guard.BeginDispose()) return;
        if (!Pretrained) model?.Dispose();
        model = null;
    }

    private double[] Scaled(FeatureMatrix x)
    {
        using var use = guard.Enter(this);
        var m = model ?? throw new InvalidOperationException("The scorer has no model.");
        var data = MatrixRows.Split(x, m.NumericalColumns);
        var perCount = Options.MaskCounts.Select(k => CellErrors.Compute(m, data, k, Options.BatchSize, Options.MaskRepeats, Options.ScoreVisible)).ToArray();
        return Scale(perCount, x.Columns);
    }

    /// <summary>Each cell's error divided by its column scale under each mask count, averaged over the counts.</summary>
    private double[] Scale(float[][] perCount, int columns)
    {
        var result = new double[perCount[0].Length];
        for (var k = 0; k < perCount.Length; k++)
        {
            var errors = perCount[k];
            for (var i = 0; i < errors.Length; i++) result[i] += errors[i] / columnScales[(k * columns) + (i % columns)] / perCount.Length;
        }
        return result;
    }

    internal static double[] RowSums(double[] values, int columns)
    {
        var sums = new double[values.Length / columns];
        for (var i = 0; i < values.Length; i++) sums[i / columns] += values[i];
        return sums;
    }

    private static double[] Negated(double[] scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = -scores[i];
        return scores;
    }

    private static TabularSchema SchemaOf(SelfSupervisedModel pretrained)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        var e = pretrained.Options.Encoder;
        return new TabularSchema(
            e.NumericalNames ?? [.. Enumerable.Range(0, pretrained.NumericalColumns).Select(i => string.Create(CultureInfo.InvariantCulture, $"num{i}"))],
            e.CategoricalNames ?? [.. Enumerable.Range(0, e.Cardinalities.Count).Select(j => string.Create(CultureInfo.InvariantCulture, $"cat{j}"))],
            e.Cardinalities);
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var m = model ?? throw new InvalidOperationException("The scorer has no model.");
        return new JsonObject
        {
            ["numericalNames"] = JsonSerializer.SerializeToNode(Schema.NumericalNames.ToArray()),
            ["categoricalNames"] = JsonSerializer.SerializeToNode(Schema.CategoricalNames.ToArray()),
            ["cardinalities"] = JsonSerializer.SerializeToNode(Schema.Cardinalities.ToArray()),
            ["maskCounts"] = JsonSerializer.SerializeToNode(Options.MaskCounts.ToArray()),
            ["maskRepeats"] = Options.MaskRepeats,
            ["normalizeColumns"] = Options.NormalizeColumns,
            ["scoreVisible"] = Options.ScoreVisible,
            ["batchSize"] = Options.BatchSize,
            ["columnScales"] = JsonSerializer.SerializeToNode(columnScales),
            ["network"] = files.Write("model.safetensors", m.Save),
        };
    }

    private static ReconstructionScorer LoadModel(JsonObject document, Contamination contamination, ScorerFiles files) =>
        ReconstructionScorerFile.Read(document, contamination, files, (schema, options, network, scales) =>
            new ReconstructionScorer(schema, options) { model = network, columnScales = scales });
}

using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Model;

/// <summary>
/// The prediction heads of masked feature prediction, separate from the encoder: one fused Linear d → Σ cardinalities
/// whose column j occupies logits [offset_j, offset_j + cardinality_j) (<c>categorical</c>), and one Linear d → n_num
/// for the numerical columns (<c>numerical</c>). One fused matrix product replaces one small product per column.
/// </summary>
public sealed class MaskedFeatureHeads : nn.Module<Tensor, (Tensor? Logits, Tensor? Numerical)>
{
    private readonly long[] offsets;

    /// <summary>Creates the heads with PyTorch's default initialisation.</summary>
    /// <param name="width">Embedding width d.</param>
    /// <param name="numericalColumns">Numerical columns (no numerical head when 0).</param>
    /// <param name="cardinalities">Cardinality of each categorical column (no categorical head when empty).</param>
    public MaskedFeatureHeads(int width, int numericalColumns, IReadOnlyList<int> cardinalities) : base(nameof(MaskedFeatureHeads))
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(numericalColumns);
        Cardinalities = [.. cardinalities];
        offsets = new long[Cardinalities.Count];
        long total = 0;
        for (var j = 0; j < offsets.Length; j++)
        {
            offsets[j] = total;
            total += Cardinalities[j];
        }
        TotalCardinality = total;
        if (total > 0) categorical = nn.Linear(width, total);
        if (numericalColumns > 0) numerical = nn.Linear(width, numericalColumns);
        RegisterComponents();
    }

    /// <summary>Cardinality of each categorical column.</summary>
    public IReadOnlyList<int> Cardinalities { get; }

    /// <summary>Σ cardinalities: the width of the fused logits.</summary>
    public long TotalCardinality { get; }

    /// <summary>First logit of each categorical column in the fused logits.</summary>
    public IReadOnlyList<long> Offsets => offsets;

    /// <summary>The fused categorical head d → Σ cardinalities, or null without categorical columns.</summary>
    [field: ComponentName(Name = nameof(categorical))]
    public Linear? categorical { get; }

    /// <summary>The numerical head d → n_num, or null without numerical columns.</summary>
    [field: ComponentName(Name = nameof(numerical))]
    public Linear? numerical { get; }

    /// <summary>Fused logits [N, Σ cardinalities] and numerical predictions [N, n_num] (null where there are no such columns).</summary>
    /// <param name="input">[N, d] embeddings.</param>
    /// <returns>The two predictions.</returns>
    public override (Tensor? Logits, Tensor? Numerical) forward(Tensor input) =>
        (categorical?.call(input), numerical?.call(input));
}

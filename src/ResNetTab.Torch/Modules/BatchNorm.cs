using ResNetTab.Torch.Native;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules;

/// <summary>
/// Shared implementation of <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> (PyTorch's _BatchNorm):
/// parameters <c>weight</c> (ones) and <c>bias</c> (zeros) when affine, buffers <c>running_mean</c> (zeros),
/// <c>running_var</c> (ones) and <c>num_batches_tracked</c> (int64 0) when tracking running statistics.
/// </summary>
/// <remarks>
/// In training mode the batch statistics normalise the input and the running statistics are updated
/// in place (running = (1 − momentum)·running + momentum·batch, unbiased batch variance; with a null
/// momentum the cumulative average 1/num_batches_tracked is used). In evaluation mode the running
/// statistics normalise the input.
/// </remarks>
public abstract class BatchNormBase : nn.Module<Tensor, Tensor>
{
    [NotAComponent] private readonly Parameter? weightParameter;
    [NotAComponent] private readonly Parameter? biasParameter;
    [NotAComponent] private readonly Tensor? runningMean;
    [NotAComponent] private readonly Tensor? runningVar;
    [NotAComponent] private readonly Tensor? numBatchesTracked;

    /// <summary>Creates the parameters and buffers.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="num_features">Channels C of the input (dimension 1).</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="momentum">Weight of the batch statistics in the running update; null for a cumulative average.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    /// <param name="track_running_stats">Whether to keep running statistics (used in evaluation mode).</param>
    /// <param name="device">Device of the parameters and buffers.</param>
    /// <param name="dtype">Floating-point type of the parameters and buffers.</param>
    private protected BatchNormBase(string name, long num_features, double eps, double? momentum, bool affine, bool track_running_stats,
        Device? device, ScalarType? dtype) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(num_features);
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        if (affine)
        {
            weightParameter = new Parameter(empty([num_features], dtype, device));
            biasParameter = new Parameter(empty([num_features], dtype, device));
        }
        register_parameter("weight", weightParameter);
        register_parameter("bias", biasParameter);
        if (track_running_stats)
        {
            runningMean = zeros([num_features], dtype, device);
            runningVar = ones([num_features], dtype, device);
            numBatchesTracked = zeros([], ScalarType.Int64, device);
        }
        register_buffer("running_mean", runningMean);
        register_buffer("running_var", runningVar);
        register_buffer("num_batches_tracked", numBatchesTracked);
        reset_parameters();
    }

    /// <summary>Channels C of the input.</summary>
    public long num_features { get; }

    /// <summary>Added to the variance for numerical stability.</summary>
    public double eps { get; }

    /// <summary>Weight of the batch statistics in the running update; null for a cumulative average.</summary>
    public double? momentum { get; }

    /// <summary>Whether the layer learns a per-channel scale and shift.</summary>
    public bool affine { get; }

    /// <summary>Whether the layer keeps running statistics.</summary>
    public bool track_running_stats { get; }

    /// <summary>Per-channel scale (null when not affine).</summary>
    public Parameter? weight => weightParameter;

    /// <summary>Per-channel shift (null when not affine).</summary>
    public Parameter? bias => biasParameter;

    /// <summary>Running mean of the channels (null when not tracking).</summary>
    public Tensor? running_mean => runningMean;

    /// <summary>Running (unbiased) variance of the channels (null when not tracking).</summary>
    public Tensor? running_var => runningVar;

    /// <summary>Number of training batches seen, an int64 scalar (null when not tracking).</summary>
    public Tensor? num_batches_tracked => numBatchesTracked;

    /// <summary>Resets the running statistics to mean 0, variance 1 and 0 batches.</summary>
    public void reset_running_stats()
    {
        if (!track_running_stats) return;
        using var noGrad = no_grad();
        runningMean!.zero_();
        runningVar!.fill_(1);
        numBatchesTracked!.zero_();
    }

    /// <summary>Resets the running statistics and sets weight to 1 and bias to 0.</summary>
    public void reset_parameters()
    {
        reset_running_stats();
        if (!affine) return;
        nn.init.ones_(weightParameter!);
        nn.init.zeros_(biasParameter!);
    }

    /// <summary>Whether the layer accepts input of this rank.</summary>
    private protected abstract bool AcceptsRank(int rank);

    /// <summary>A description of the accepted ranks, e.g. "2D or 3D".</summary>
    private protected abstract string RankText { get; }

    /// <summary>Normalises the input with batch (training) or running (evaluation) statistics.</summary>
    /// <exception cref="ArgumentException">The input's rank or channel count does not fit the layer.</exception>
    public override unsafe Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (!AcceptsRank(shape.Length))
            throw new ArgumentException($"{Name} expected {RankText} input (got {shape.Length}D input of shape {NnInterop.Shape(shape)})", nameof(input));
        if (shape[1] != num_features)
            throw new ArgumentException($"{Name}({num_features}) expected input with {num_features} channels in dimension 1, got shape {NnInterop.Shape(shape)}", nameof(input));

        var factor = momentum ?? 0.0;
        if (training && track_running_stats && numBatchesTracked is not null)
        {
            NnInterop.Prepare();
            NativeMethods.Check(NativeMethods.rt_add_scalar_(numBatchesTracked.Handle, NativeScalar.From(1L)));
            GC.KeepAlive(numBatchesTracked);
            if (momentum is null) factor = 1.0 / numBatchesTracked.item<long>();
        }
        var useBatchStats = training || (runningMean is null && runningVar is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? runningMean : null, useRunning ? runningVar : null, weightParameter, biasParameter,
            useBatchStats, factor, eps);
    }

    /// <inheritdoc />
    protected override string extra_repr() =>
        $"{num_features}, eps={NnInterop.Float(eps)}, momentum={(momentum is double m ? NnInterop.Float(m) : "None")}, " +
        $"affine={NnInterop.Bool(affine)}, track_running_stats={NnInterop.Bool(track_running_stats)}";
}

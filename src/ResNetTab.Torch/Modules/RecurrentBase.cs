using System.Globalization;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules;

/// <summary>
/// Shared parameters and checks of <see cref="LSTM"/> and <see cref="GRU"/>: per layer and direction
/// <c>weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>, <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> (suffix
/// <c>_reverse</c> for the backward direction), registered in PyTorch's order and initialised uniform in
/// ±1/√hidden_size as PyTorch does.
/// </summary>
public abstract class RecurrentBase : nn.Module
{
    [NotAComponent] private readonly List<Parameter> flatWeights = new();

    /// <summary>Creates the parameters; <paramref name="gates"/> is 4 for LSTM and 3 for GRU.</summary>
    private protected RecurrentBase(string name, int gates, long input_size, long hidden_size, long num_layers, bool bias, bool batch_first,
        double dropout, bool bidirectional) : base(name)
    {
        if (input_size <= 0) throw new ArgumentOutOfRangeException(nameof(input_size), input_size, "input_size must be positive");
        if (hidden_size <= 0) throw new ArgumentOutOfRangeException(nameof(hidden_size), hidden_size, "hidden_size must be positive");
        if (num_layers <= 0) throw new ArgumentOutOfRangeException(nameof(num_layers), num_layers, "num_layers must be positive");
        if (dropout is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "dropout must be in [0, 1]");
        this.input_size = input_size;
        this.hidden_size = hidden_size;
        this.num_layers = num_layers;
        this.bias = bias;
        this.batch_first = batch_first;
        this.dropout = dropout;
        this.bidirectional = bidirectional;

        var directions = bidirectional ? 2 : 1;
        var bound = 1.0 / Math.Sqrt(hidden_size);
        for (var layer = 0; layer < num_layers; layer++)
        {
            for (var direction = 0; direction < directions; direction++)
            {
                var suffix = direction == 1 ? "_reverse" : "";
                var layerInput = layer == 0 ? input_size : hidden_size * directions;
                var l = layer.ToString(CultureInfo.InvariantCulture);
                Add($"weight_ih_l{l}{suffix}", [gates * hidden_size, layerInput], bound);
                Add($"weight_hh_l{l}{suffix}", [gates * hidden_size, hidden_size], bound);
                if (bias)
                {
                    Add($"bias_ih_l{l}{suffix}", [gates * hidden_size], bound);
                    Add($"bias_hh_l{l}{suffix}", [gates * hidden_size], bound);
                }
            }
        }
    }

    private void Add(string name, long[] shape, double bound)
    {
        using var data = empty(shape);
        var p = new Parameter(data);
        using (no_grad()) p.uniform_(-bound, bound);
        register_parameter(name, p);
        flatWeights.Add(p);
    }

    /// <summary>Features of each input step.</summary>
    public long input_size { get; }

    /// <summary>Features of the hidden state.</summary>
    public long hidden_size { get; }

    /// <summary>Stacked layers.</summary>
    public long num_layers { get; }

    /// <summary>Whether the layers have biases.</summary>
    public bool bias { get; }

    /// <summary>Inputs and outputs are [batch, seq, feature] instead of [seq, batch, feature].</summary>
    public bool batch_first { get; }

    /// <summary>Dropout between layers (training mode only).</summary>
    public double dropout { get; }

    /// <summary>Whether a backward-direction pass is added.</summary>
    public bool bidirectional { get; }

    /// <summary>Number of directions (1 or 2).</summary>
    protected int Directions => bidirectional ? 2 : 1;

    /// <summary>The parameters in libtorch's flat-weights order.</summary>
    protected IReadOnlyList<Parameter> FlatWeights => flatWeights;

    /// <summary>Checks the input and returns it batched (a 2-D input gains a batch dimension of one).</summary>
    protected (Tensor batched, bool unbatched) PrepareInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length is not (2 or 3))
            throw new ArgumentException($"{Name} expected a 2-D (unbatched) or 3-D input, got shape [{string.Join(", ", shape)}]", nameof(input));
        if (shape[^1] != input_size)
            throw new ArgumentException($"{Name} expected input with {input_size} features (last dimension), got shape [{string.Join(", ", shape)}]", nameof(input));
        return shape.Length == 2 ? (input.unsqueeze(batch_first ? 0 : 1), true) : (input, false);
    }

    /// <summary>The zero initial state [num_layers × directions, batch, hidden_size] for a batched input.</summary>
    protected Tensor ZeroState(Tensor batched)
    {
        var batch = batched.size(batch_first ? 0 : 1);
        return zeros([num_layers * Directions, batch, hidden_size], batched.dtype, batched.device);
    }

    /// <summary>Checks a user-given state's shape.</summary>
    protected void CheckState(Tensor state, Tensor batched, string what)
    {
        var batch = batched.size(batch_first ? 0 : 1);
        long[] expected = [num_layers * Directions, batch, hidden_size];
        if (!state.shape.SequenceEqual(expected))
            throw new ArgumentException($"{Name} expected {what} of shape [{string.Join(", ", expected)}], got [{string.Join(", ", state.shape)}]");
    }

    /// <inheritdoc />
    protected override string extra_repr() =>
        $"{input_size}, {hidden_size}" + (num_layers != 1 ? $", num_layers={num_layers}" : "") + (!bias ? ", bias=False" : "") +
        (batch_first ? ", batch_first=True" : "") + (dropout != 0 ? $", dropout={dropout.ToString(CultureInfo.InvariantCulture)}" : "") +
        (bidirectional ? ", bidirectional=True" : "");
}

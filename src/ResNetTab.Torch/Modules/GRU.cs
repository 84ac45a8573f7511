using static ResNetTab.Torch.Native.NativeMethods;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules;

/// <summary>
/// PyTorch's <c>nn.GRU</c>: <c>call(input)</c> returns <c>(output, h_n)</c>; input [seq, batch, input_size]
/// ([batch, seq, input_size] with batch_first, or [seq, input_size] unbatched).
/// </summary>
public sealed class GRU : RecurrentBase
{
    /// <summary>Creates the layer with PyTorch's arguments and initialisation.</summary>
    public GRU(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
        double dropout = 0.0, bool bidirectional = false)
        : base(nameof(GRU), 3, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional) { }

    /// <summary>Runs the layer from a zero initial state.</summary>
    public (Tensor output, Tensor h_n) call(Tensor input) => forward(input, null);

    /// <summary>Runs the layer from the given initial state ([num_layers × directions, batch, hidden_size]).</summary>
    public (Tensor output, Tensor h_n) call(Tensor input, Tensor? h_0) => forward(input, h_0);

    /// <summary>The computation; <paramref name="h_0"/> null means a zero initial state.</summary>
    public unsafe (Tensor output, Tensor h_n) forward(Tensor input, Tensor? h_0)
    {
        using var scope = NewDisposeScope();
        var (x, unbatched) = PrepareInput(input);
        Tensor h0;
        if (h_0 is not null)
        {
            h0 = unbatched ? h_0.unsqueeze(1) : h_0;
            CheckState(h0, x, "h_0");
        }
        else
        {
            h0 = ZeroState(x);
        }
        var weights = FlatWeights;
        var handles = stackalloc IntPtr[weights.Count];
        for (var i = 0; i < weights.Count; i++) handles[i] = weights[i].Handle;
        IntPtr o, h;
        Check(rt_gru(x.Handle, h0.Handle, handles, weights.Count, bias ? 1 : 0, num_layers, dropout, training ? 1 : 0,
            bidirectional ? 1 : 0, batch_first ? 1 : 0, &o, &h));
        GC.KeepAlive(weights);
        GC.KeepAlive(x);
        GC.KeepAlive(h0);
        var output = Tensor.Wrap(o);
        var hN = Tensor.Wrap(h);
        if (unbatched)
        {
            output = output.squeeze(batch_first ? 0 : 1);
            hN = hN.squeeze(1);
        }
        return (output.MoveToOuterDisposeScope(), hN.MoveToOuterDisposeScope());
    }
}

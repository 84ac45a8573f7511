using static ResNetTab.Torch.Native.NativeMethods;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>
    /// PyTorch's <c>nn.LSTM</c>: <c>call(input)</c> returns <c>(output, (h_n, c_n))</c>; input [seq, batch, input_size]
    /// ([batch, seq, input_size] with batch_first, or [seq, input_size] unbatched).
    /// </summary>
    public sealed class LSTM : RecurrentBase
    {
        /// <summary>Creates the layer with PyTorch's arguments and initialisation.</summary>
        public LSTM(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
            double dropout = 0.0, bool bidirectional = false)
            : base(nameof(LSTM), 4, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional) { }

        /// <summary>Runs the layer from zero initial states.</summary>
        public (Tensor output, (Tensor h_n, Tensor c_n)) call(Tensor input) => forward(input, null);

        /// <summary>Runs the layer from the given initial states (each [num_layers × directions, batch, hidden_size]).</summary>
        public (Tensor output, (Tensor h_n, Tensor c_n)) call(Tensor input, (Tensor h_0, Tensor c_0)? state) => forward(input, state);

        /// <summary>The computation; <paramref name="state"/> null means zero initial states.</summary>
        public unsafe (Tensor output, (Tensor h_n, Tensor c_n)) forward(Tensor input, (Tensor h_0, Tensor c_0)? state)
        {
            using var scope = NewDisposeScope();
            var (x, unbatched) = PrepareInput(input);
            Tensor h0, c0;
            if (state is { } s)
            {
                h0 = unbatched ? s.h_0.unsqueeze(1) : s.h_0;
                c0 = unbatched ? s.c_0.unsqueeze(1) : s.c_0;
                CheckState(h0, x, "h_0");
                CheckState(c0, x, "c_0");
            }
            else
            {
                h0 = ZeroState(x);
                c0 = ZeroState(x);
            }
            var weights = FlatWeights;
            var handles = stackalloc IntPtr[weights.Count];
            for (var i = 0; i < weights.Count; i++) handles[i] = weights[i].Handle;
            IntPtr o, h, c;
            Check(rt_lstm(x.Handle, h0.Handle, c0.Handle, handles, weights.Count, bias ? 1 : 0, num_layers, dropout, training ? 1 : 0,
                bidirectional ? 1 : 0, batch_first ? 1 : 0, &o, &h, &c));
            GC.KeepAlive(weights);
            GC.KeepAlive(x);
            GC.KeepAlive(h0);
            GC.KeepAlive(c0);
            var output = Tensor.Wrap(o);
            var hN = Tensor.Wrap(h);
            var cN = Tensor.Wrap(c);
            if (unbatched)
            {
                output = output.squeeze(batch_first ? 0 : 1);
                hN = hN.squeeze(1);
                cN = cN.squeeze(1);
            }
            return (output.MoveToOuterDisposeScope(), (hN.MoveToOuterDisposeScope(), cN.MoveToOuterDisposeScope()));
        }
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A multi-layer LSTM.</summary>
            public static Modules.LSTM LSTM(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
                double dropout = 0.0, bool bidirectional = false) =>
                new(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional);

            /// <summary>A multi-layer GRU.</summary>
            public static Modules.GRU GRU(long input_size, long hidden_size, long num_layers = 1, bool bias = true, bool batch_first = false,
                double dropout = 0.0, bool bidirectional = false) =>
                new(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional);
        }
    }
}

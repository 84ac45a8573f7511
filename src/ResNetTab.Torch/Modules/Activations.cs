using static ResNetTab.Torch.Native.NativeMethods;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>max(0, x) elementwise (PyTorch's nn.ReLU).</summary>
    public sealed class ReLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer; with <paramref name="inplace"/> the input is overwritten and returned.</summary>
        public ReLU(bool inplace = false) : base(nameof(ReLU)) => this.inplace = inplace;

        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }

        /// <summary>Applies the activation.</summary>
        public override Tensor forward(Tensor input) => nn.functional.relu(input, inplace);

        /// <inheritdoc />
        protected override string extra_repr() => inplace ? "inplace=True" : "";
    }

    /// <summary>Gaussian error linear unit (PyTorch's nn.GELU): exact (erf) or with the tanh approximation.</summary>
    public sealed class GELU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer; <paramref name="approximate"/> is "none" or "tanh".</summary>
        public GELU(string approximate = "none") : base(nameof(GELU))
        {
            if (approximate is not ("none" or "tanh"))
                throw new ArgumentException($"approximate must be 'none' or 'tanh', got '{approximate}'", nameof(approximate));
            this.approximate = approximate;
        }

        /// <summary>"none" (exact) or "tanh".</summary>
        public string approximate { get; }

        /// <summary>Applies the activation.</summary>
        public override Tensor forward(Tensor input) => nn.functional.gelu(input, approximate);

        /// <inheritdoc />
        protected override string extra_repr() => $"approximate='{approximate}'";
    }

    /// <summary>1 / (1 + exp(−x)) elementwise (PyTorch's nn.Sigmoid).</summary>
    public sealed class Sigmoid : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public Sigmoid() : base(nameof(Sigmoid)) { }

        /// <summary>Applies the activation.</summary>
        public override Tensor forward(Tensor input) => nn.functional.sigmoid(input);
    }

    /// <summary>Hyperbolic tangent elementwise (PyTorch's nn.Tanh).</summary>
    public sealed class Tanh : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public Tanh() : base(nameof(Tanh)) { }

        /// <summary>Applies the activation.</summary>
        public override Tensor forward(Tensor input) => nn.functional.tanh(input);
    }

    /// <summary>Returns its input (PyTorch's nn.Identity), as a new tensor object sharing storage and gradient history.</summary>
    /// <remarks>The result is a separate handle, so disposing it never disposes the caller's input.</remarks>
    public sealed class Identity : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public Identity() : base(nameof(Identity)) { }

        /// <summary>Returns an alias of the input.</summary>
        public override unsafe Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            NnInterop.Prepare();
            return Tensor.Call(&rt_alias, input);
        }
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A ReLU activation layer.</summary>
            public static Modules.ReLU ReLU(bool inplace = false) => new(inplace);

            /// <summary>A GELU activation layer; <paramref name="approximate"/> is "none" or "tanh".</summary>
            public static Modules.GELU GELU(string approximate = "none") => new(approximate);

            /// <summary>A sigmoid activation layer.</summary>
            public static Modules.Sigmoid Sigmoid() => new();

            /// <summary>A tanh activation layer.</summary>
            public static Modules.Tanh Tanh() => new();

            /// <summary>A layer returning its input.</summary>
            public static Modules.Identity Identity() => new();
        }
    }
}

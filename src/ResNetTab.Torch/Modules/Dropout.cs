using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>
    /// In training mode zeroes each element with probability <see cref="p"/> and scales the others by 1/(1 − p);
    /// the identity in evaluation mode (PyTorch's nn.Dropout).
    /// </summary>
    public sealed class Dropout : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
        public Dropout(double p = 0.5, bool inplace = false) : base(nameof(Dropout))
        {
            if (!(p >= 0 && p <= 1))
                throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
            this.p = p;
            this.inplace = inplace;
        }

        /// <summary>Probability of an element to be zeroed.</summary>
        public double p { get; }

        /// <summary>Whether the input is overwritten.</summary>
        public bool inplace { get; }

        /// <summary>Applies dropout (training) or returns the input's values unchanged (evaluation).</summary>
        public override Tensor forward(Tensor input) => nn.functional.dropout(input, p, training, inplace);

        /// <inheritdoc />
        protected override string extra_repr() => $"p={NnInterop.Float(p)}, inplace={NnInterop.Bool(inplace)}";
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A dropout layer (see <see cref="Modules.Dropout"/>).</summary>
            public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false) => new(p, inplace);
        }
    }
}

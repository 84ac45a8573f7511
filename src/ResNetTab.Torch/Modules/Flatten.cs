using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>Flattens dimensions <see cref="start_dim"/> to <see cref="end_dim"/> into one (PyTorch's nn.Flatten).</summary>
    public sealed class Flatten : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer; by default it keeps the batch dimension and flattens the rest.</summary>
        public Flatten(long start_dim = 1, long end_dim = -1) : base(nameof(Flatten))
        {
            this.start_dim = start_dim;
            this.end_dim = end_dim;
        }

        /// <summary>First dimension to flatten.</summary>
        public long start_dim { get; }

        /// <summary>Last dimension to flatten.</summary>
        public long end_dim { get; }

        /// <summary>Flattens the input.</summary>
        public override Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.flatten(start_dim, end_dim);
        }

        /// <inheritdoc />
        protected override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A layer flattening dimensions <paramref name="start_dim"/> to <paramref name="end_dim"/>.</summary>
            public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);
        }
    }
}

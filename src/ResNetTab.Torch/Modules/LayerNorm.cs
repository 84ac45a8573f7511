using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>
    /// Layer normalisation over the trailing dimensions <see cref="normalized_shape"/> (PyTorch's nn.LayerNorm),
    /// with an elementwise <c>weight</c> (ones) and <c>bias</c> (zeros) when <see cref="elementwise_affine"/>.
    /// </summary>
    public sealed class LayerNorm : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private readonly Parameter? weightParameter;
        [NotAComponent] private readonly Parameter? biasParameter;
        [NotAComponent] private readonly long[] normalizedShape;

        /// <summary>Creates the layer normalising over the trailing dimensions <paramref name="normalized_shape"/>.</summary>
        public LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null, ScalarType? dtype = null)
            : base(nameof(LayerNorm))
        {
            ArgumentNullException.ThrowIfNull(normalized_shape);
            if (normalized_shape.Length == 0) throw new ArgumentException("normalized_shape must have at least one dimension", nameof(normalized_shape));
            normalizedShape = (long[])normalized_shape.Clone();
            this.eps = eps;
            this.elementwise_affine = elementwise_affine;
            if (elementwise_affine)
            {
                weightParameter = new Parameter(ones(normalizedShape, dtype, device));
                biasParameter = new Parameter(zeros(normalizedShape, dtype, device));
            }
            register_parameter("weight", weightParameter);
            register_parameter("bias", biasParameter);
        }

        /// <summary>Creates the layer normalising over the last dimension of size <paramref name="normalized_shape"/>.</summary>
        public LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null, ScalarType? dtype = null)
            : this([normalized_shape], eps, elementwise_affine, device, dtype)
        {
        }

        /// <summary>The trailing dimensions normalised over.</summary>
        public IReadOnlyList<long> normalized_shape => normalizedShape;

        /// <summary>Added to the variance for numerical stability.</summary>
        public double eps { get; }

        /// <summary>Whether the layer learns an elementwise scale and shift.</summary>
        public bool elementwise_affine { get; }

        /// <summary>Elementwise scale (null when not affine).</summary>
        public Parameter? weight => weightParameter;

        /// <summary>Elementwise shift (null when not affine).</summary>
        public Parameter? bias => biasParameter;

        /// <summary>Sets weight to 1 and bias to 0.</summary>
        public void reset_parameters()
        {
            if (!elementwise_affine) return;
            nn.init.ones_(weightParameter!);
            nn.init.zeros_(biasParameter!);
        }

        /// <summary>Normalises over the trailing dimensions.</summary>
        /// <exception cref="ArgumentException">The input's trailing dimensions differ from <see cref="normalized_shape"/>.</exception>
        public override Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            var shape = input.shape;
            if (shape.Length < normalizedShape.Length || !shape.AsSpan(shape.Length - normalizedShape.Length).SequenceEqual(normalizedShape))
                throw new ArgumentException(
                    $"LayerNorm expected input with trailing dimensions {NnInterop.Shape(normalizedShape)}, got shape {NnInterop.Shape(shape)}", nameof(input));
            return nn.functional.layer_norm(input, normalizedShape, weightParameter, biasParameter, eps);
        }

        /// <inheritdoc />
        protected override string extra_repr() =>
            $"{NnInterop.Tuple(normalizedShape)}, eps={NnInterop.Float(eps)}, elementwise_affine={NnInterop.Bool(elementwise_affine)}";
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Layer normalisation over the last dimension (see <see cref="Modules.LayerNorm"/>).</summary>
            public static Modules.LayerNorm LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null,
                ScalarType? dtype = null) => new(normalized_shape, eps, elementwise_affine, device, dtype);

            /// <summary>Layer normalisation over several trailing dimensions (see <see cref="Modules.LayerNorm"/>).</summary>
            public static Modules.LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null,
                ScalarType? dtype = null) => new(normalized_shape, eps, elementwise_affine, device, dtype);
        }
    }
}

using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>
    /// y = x·Wᵀ + b over the last dimension (PyTorch's nn.Linear). Parameters <c>weight</c>
    /// [out_features, in_features] and <c>bias</c> [out_features], initialised as PyTorch does:
    /// weight kaiming_uniform_(a = √5), bias U(−1/√in_features, 1/√in_features).
    /// </summary>
    public sealed class Linear : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private Parameter weightParameter;
        [NotAComponent] private Parameter? biasParameter;

        /// <summary>Creates the layer with freshly initialised parameters.</summary>
        public Linear(long in_features, long out_features, bool bias = true, Device? device = null, ScalarType? dtype = null) : base(nameof(Linear))
        {
            ArgumentOutOfRangeException.ThrowIfNegative(in_features);
            ArgumentOutOfRangeException.ThrowIfNegative(out_features);
            this.in_features = in_features;
            this.out_features = out_features;
            weightParameter = new Parameter(empty([out_features, in_features], dtype, device));
            register_parameter("weight", weightParameter);
            biasParameter = bias ? new Parameter(empty([out_features], dtype, device)) : null;
            register_parameter("bias", biasParameter);
            reset_parameters();
        }

        /// <summary>Size of each input sample.</summary>
        public long in_features { get; }

        /// <summary>Size of each output sample.</summary>
        public long out_features { get; }

        /// <summary>The weight [out_features, in_features]; assigning registers the new parameter.</summary>
        public Parameter weight
        {
            get => weightParameter;
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                register_parameter("weight", value);
                weightParameter = value;
            }
        }

        /// <summary>The bias [out_features], or null when the layer has none.</summary>
        public Parameter? bias
        {
            get => biasParameter;
            set
            {
                register_parameter("bias", value);
                biasParameter = value;
            }
        }

        /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
        public void reset_parameters()
        {
            nn.init.kaiming_uniform_(weightParameter, a: Math.Sqrt(5));
            if (biasParameter is not null)
            {
                var (fanIn, _) = nn.init.calculate_fan_in_and_fan_out(weightParameter);
                var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
                nn.init.uniform_(biasParameter, -bound, bound);
            }
        }

        /// <summary>Applies the layer to [*, in_features] input.</summary>
        /// <exception cref="ArgumentException">The last dimension is not <see cref="in_features"/>.</exception>
        public override Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            var shape = input.shape;
            if (shape.Length == 0 || shape[^1] != in_features)
                throw new ArgumentException($"Linear expected input with last dimension {in_features}, got shape {NnInterop.Shape(shape)}", nameof(input));
            return nn.functional.linear(input, weightParameter, biasParameter);
        }

        /// <inheritdoc />
        protected override string extra_repr() =>
            $"in_features={in_features}, out_features={out_features}, bias={NnInterop.Bool(biasParameter is not null)}";
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A fully connected layer y = x·Wᵀ + b (see <see cref="Modules.Linear"/>).</summary>
            public static Modules.Linear Linear(long in_features, long out_features, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_features, out_features, bias, device, dtype);
        }
    }
}

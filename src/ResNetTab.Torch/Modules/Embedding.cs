using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>
    /// A lookup table of <see cref="num_embeddings"/> vectors of size <see cref="embedding_dim"/> (PyTorch's nn.Embedding).
    /// The <c>weight</c> is drawn from N(0, 1); the row <see cref="padding_idx"/>, if any, is zero and receives no gradient.
    /// </summary>
    public sealed class Embedding : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private readonly Parameter weightParameter;

        /// <summary>Creates the table, initialised from N(0, 1), or wrapping <paramref name="_weight"/> (sharing its storage) when given.</summary>
        public Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, double? max_norm = null, double norm_type = 2.0,
            bool scale_grad_by_freq = false, bool sparse = false, Tensor? _weight = null, Device? device = null, ScalarType? dtype = null)
            : base(nameof(Embedding))
        {
            ArgumentOutOfRangeException.ThrowIfNegative(num_embeddings);
            ArgumentOutOfRangeException.ThrowIfNegative(embedding_dim);
            if (padding_idx is long p)
            {
                if (p >= num_embeddings || p < -num_embeddings)
                    throw new ArgumentOutOfRangeException(nameof(padding_idx), p, $"Padding_idx must be within num_embeddings ({num_embeddings})");
                padding_idx = p < 0 ? p + num_embeddings : p;
            }
            this.num_embeddings = num_embeddings;
            this.embedding_dim = embedding_dim;
            this.padding_idx = padding_idx;
            this.max_norm = max_norm;
            this.norm_type = norm_type;
            this.scale_grad_by_freq = scale_grad_by_freq;
            this.sparse = sparse;
            if (_weight is null)
            {
                weightParameter = new Parameter(empty([num_embeddings, embedding_dim], dtype, device));
                register_parameter("weight", weightParameter);
                reset_parameters();
            }
            else
            {
                var shape = _weight.shape;
                if (shape.Length != 2 || shape[0] != num_embeddings || shape[1] != embedding_dim)
                    throw new ArgumentException(
                        $"Shape of weight {NnInterop.Shape(shape)} does not match num_embeddings and embedding_dim [{num_embeddings}, {embedding_dim}]", nameof(_weight));
                weightParameter = new Parameter(_weight);
                register_parameter("weight", weightParameter);
            }
        }

        /// <summary>Creates a table from a [num_embeddings, embedding_dim] tensor, sharing its storage; frozen (no gradient) unless <paramref name="freeze"/> is false.</summary>
        public static Embedding from_pretrained(Tensor embeddings, bool freeze = true, long? padding_idx = null, double? max_norm = null, double norm_type = 2.0,
            bool scale_grad_by_freq = false, bool sparse = false)
        {
            ArgumentNullException.ThrowIfNull(embeddings);
            var shape = embeddings.shape;
            if (shape.Length != 2) throw new ArgumentException($"Embeddings parameter is expected to be 2-dimensional, got shape {NnInterop.Shape(shape)}", nameof(embeddings));
            var e = new Embedding(shape[0], shape[1], padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, embeddings);
            e.weight.requires_grad = !freeze;
            return e;
        }

        /// <summary>Number of rows of the table.</summary>
        public long num_embeddings { get; }

        /// <summary>Size of each vector.</summary>
        public long embedding_dim { get; }

        /// <summary>The row that is zero-initialised and gets no gradient (non-negative), or null.</summary>
        public long? padding_idx { get; }

        /// <summary>Looked-up rows with a larger norm are renormalised in place to this norm; null for none.</summary>
        public double? max_norm { get; }

        /// <summary>The p of the norm used with <see cref="max_norm"/>.</summary>
        public double norm_type { get; }

        /// <summary>Whether gradients are scaled by the inverse frequency of the indices in the batch.</summary>
        public bool scale_grad_by_freq { get; }

        /// <summary>Whether the weight's gradient is sparse.</summary>
        public bool sparse { get; }

        /// <summary>The table [num_embeddings, embedding_dim].</summary>
        public Parameter weight => weightParameter;

        /// <summary>Re-draws the table from N(0, 1) and zeroes the padding row.</summary>
        public void reset_parameters()
        {
            nn.init.normal_(weightParameter);
            if (padding_idx is long p)
            {
                using var noGrad = no_grad();
                using var row = weightParameter.select(0, p);
                row.zero_();
            }
        }

        /// <summary>Looks up the rows for integer indices of any shape; the result has an extra last dimension of size <see cref="embedding_dim"/>.</summary>
        /// <exception cref="ArgumentException">The indices are not integers or fall outside [0, num_embeddings).</exception>
        public override Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            var dtype = input.dtype;
            if (dtype is not (ScalarType.Int64 or ScalarType.Int32))
                throw new ArgumentException($"Embedding expected integer indices (Int64 or Int32), got {dtype}", nameof(input));
            try
            {
                return nn.functional.embedding(input, weightParameter, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse);
            }
            catch (TorchException e) when (e.Message.Contains("index out of range", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Embedding({num_embeddings}, {embedding_dim}) got an index outside [0, {num_embeddings})", nameof(input), e);
            }
        }

        /// <inheritdoc />
        protected override string extra_repr()
        {
            var s = $"{num_embeddings}, {embedding_dim}";
            if (padding_idx is not null) s += $", padding_idx={padding_idx}";
            if (max_norm is double m) s += $", max_norm={NnInterop.Float(m)}";
            if (norm_type != 2) s += $", norm_type={NnInterop.Float(norm_type)}";
            if (scale_grad_by_freq) s += ", scale_grad_by_freq=True";
            if (sparse) s += ", sparse=True";
            return s;
        }
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A lookup table of embedding vectors (see <see cref="Modules.Embedding"/>).</summary>
            public static Modules.Embedding Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, double? max_norm = null,
                double norm_type = 2.0, bool scale_grad_by_freq = false, bool sparse = false, Device? device = null, ScalarType? dtype = null) =>
                new(num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, null, device, dtype);
        }
    }
}

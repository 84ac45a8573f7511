using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>Base of the loss modules: <c>call(input, target)</c> returns the loss.</summary>
    public abstract class Loss : nn.Module<Tensor, Tensor, Tensor>
    {
        /// <summary>Creates a loss with a reduction ("none", "mean" or "sum").</summary>
        protected Loss(string name, string reduction) : base(name)
        {
            if (reduction is not ("none" or "mean" or "sum"))
                throw new ArgumentException($"reduction must be 'none', 'mean' or 'sum', got '{reduction}'", nameof(reduction));
            this.reduction = reduction;
        }

        /// <summary>How element losses are combined: "none", "mean" or "sum".</summary>
        public string reduction { get; }

        /// <inheritdoc />
        protected override string extra_repr() => reduction == "mean" ? "" : $"reduction={reduction}";
    }

    /// <summary>PyTorch's <c>nn.CrossEntropyLoss</c>; the class weights are a buffer named <c>weight</c>.</summary>
    public sealed class CrossEntropyLoss : Loss
    {
        [Buffer] private readonly Tensor? weight;
        private readonly long ignoreIndex;
        private readonly double labelSmoothing;

        /// <summary>Creates the loss.</summary>
        public CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean", double label_smoothing = 0.0)
            : base(nameof(CrossEntropyLoss), reduction)
        {
            this.weight = weight?.DetachFromDisposeScope();
            ignoreIndex = ignore_index;
            labelSmoothing = label_smoothing;
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) =>
            nn.functional.cross_entropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /// <summary>PyTorch's <c>nn.NLLLoss</c>.</summary>
    public sealed class NLLLoss : Loss
    {
        [Buffer] private readonly Tensor? weight;
        private readonly long ignoreIndex;

        /// <summary>Creates the loss.</summary>
        public NLLLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean") : base(nameof(NLLLoss), reduction)
        {
            this.weight = weight?.DetachFromDisposeScope();
            ignoreIndex = ignore_index;
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.nll_loss(input, target, weight, ignoreIndex, reduction);
    }

    /// <summary>PyTorch's <c>nn.MSELoss</c>.</summary>
    public sealed class MSELoss(string reduction = "mean") : Loss(nameof(MSELoss), reduction)
    {
        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.mse_loss(input, target, reduction);
    }

    /// <summary>PyTorch's <c>nn.L1Loss</c>.</summary>
    public sealed class L1Loss(string reduction = "mean") : Loss(nameof(L1Loss), reduction)
    {
        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.l1_loss(input, target, reduction);
    }

    /// <summary>PyTorch's <c>nn.SmoothL1Loss</c>.</summary>
    public sealed class SmoothL1Loss(string reduction = "mean", double beta = 1.0) : Loss(nameof(SmoothL1Loss), reduction)
    {
        /// <summary>Where the loss turns from quadratic to linear.</summary>
        public double beta { get; } = beta;

        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.smooth_l1_loss(input, target, reduction, beta);
    }

    /// <summary>PyTorch's <c>nn.BCELoss</c>.</summary>
    public sealed class BCELoss : Loss
    {
        [Buffer] private readonly Tensor? weight;

        /// <summary>Creates the loss.</summary>
        public BCELoss(Tensor? weight = null, string reduction = "mean") : base(nameof(BCELoss), reduction) =>
            this.weight = weight?.DetachFromDisposeScope();

        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.binary_cross_entropy(input, target, weight, reduction);
    }

    /// <summary>PyTorch's <c>nn.BCEWithLogitsLoss</c>; buffers <c>weight</c> and <c>pos_weight</c>.</summary>
    public sealed class BCEWithLogitsLoss : Loss
    {
        [Buffer] private readonly Tensor? weight;
        [Buffer] private readonly Tensor? pos_weight;

        /// <summary>Creates the loss.</summary>
        public BCEWithLogitsLoss(Tensor? weight = null, string reduction = "mean", Tensor? pos_weight = null) : base(nameof(BCEWithLogitsLoss), reduction)
        {
            this.weight = weight?.DetachFromDisposeScope();
            this.pos_weight = pos_weight?.DetachFromDisposeScope();
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input, Tensor target) =>
            nn.functional.binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weight);
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Cross-entropy loss module.</summary>
            public static Modules.CrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean", double label_smoothing = 0.0) =>
                new(weight, ignore_index, reduction, label_smoothing);

            /// <summary>Negative log-likelihood loss module.</summary>
            public static Modules.NLLLoss NLLLoss(Tensor? weight = null, long ignore_index = -100, string reduction = "mean") => new(weight, ignore_index, reduction);

            /// <summary>Mean squared error loss module.</summary>
            public static Modules.MSELoss MSELoss(string reduction = "mean") => new(reduction);

            /// <summary>Mean absolute error loss module.</summary>
            public static Modules.L1Loss L1Loss(string reduction = "mean") => new(reduction);

            /// <summary>Smooth L1 (Huber-like) loss module.</summary>
            public static Modules.SmoothL1Loss SmoothL1Loss(string reduction = "mean", double beta = 1.0) => new(reduction, beta);

            /// <summary>Binary cross-entropy loss module.</summary>
            public static Modules.BCELoss BCELoss(Tensor? weight = null, string reduction = "mean") => new(weight, reduction);

            /// <summary>Binary cross-entropy on logits loss module.</summary>
            public static Modules.BCEWithLogitsLoss BCEWithLogitsLoss(Tensor? weight = null, string reduction = "mean", Tensor? pos_weight = null) =>
                new(weight, reduction, pos_weight);
        }
    }
}

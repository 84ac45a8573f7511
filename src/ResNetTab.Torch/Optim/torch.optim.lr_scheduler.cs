using ResNetTab.Torch.Optimizers;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Learning-rate schedules, named and defaulted as PyTorch's <c>torch.optim.lr_scheduler</c>.</summary>
        public static partial class lr_scheduler
        {
            /// <summary>Decay by <paramref name="gamma"/> every <paramref name="step_size"/> steps (see <see cref="Optimizers.StepLR"/>).</summary>
            public static Optimizers.StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1) =>
                new(optimizer, step_size, gamma, last_epoch);

            /// <summary>Decay by <paramref name="gamma"/> at each milestone (see <see cref="Optimizers.MultiStepLR"/>).</summary>
            public static Optimizers.MultiStepLR MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int last_epoch = -1) =>
                new(optimizer, milestones, gamma, last_epoch);

            /// <summary>Decay by <paramref name="gamma"/> every step (see <see cref="Optimizers.ExponentialLR"/>).</summary>
            public static Optimizers.ExponentialLR ExponentialLR(Optimizer optimizer, double gamma, int last_epoch = -1) =>
                new(optimizer, gamma, last_epoch);

            /// <summary>Cosine annealing (see <see cref="Optimizers.CosineAnnealingLR"/>).</summary>
            public static Optimizers.CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) =>
                new(optimizer, T_max, eta_min, last_epoch);

            /// <summary>Linear warm-up or decay of the rate (see <see cref="Optimizers.LinearLR"/>).</summary>
            public static Optimizers.LinearLR LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0,
                int total_iters = 5, int last_epoch = -1) =>
                new(optimizer, start_factor, end_factor, total_iters, last_epoch);

            /// <summary>The 1cycle policy (see <see cref="Optimizers.OneCycleLR"/>).</summary>
            public static Optimizers.OneCycleLR OneCycleLR(Optimizer optimizer, double max_lr, int? total_steps = null, int? epochs = null,
                int? steps_per_epoch = null, double pct_start = 0.3, string anneal_strategy = "cos", bool cycle_momentum = true,
                double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25.0, double final_div_factor = 1e4,
                bool three_phase = false, int last_epoch = -1) =>
                new(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                    base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch);

            /// <summary>Reduce the rate when a metric stops improving (see <see cref="Optimizers.ReduceLROnPlateau"/>).</summary>
            public static Optimizers.ReduceLROnPlateau ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1,
                int patience = 10, double threshold = 1e-4, string threshold_mode = "rel", int cooldown = 0, double min_lr = 0, double eps = 1e-8) =>
                new(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
        }
    }
}

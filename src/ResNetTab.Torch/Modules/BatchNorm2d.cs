using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>Batch normalisation of [N, C, H, W] input (PyTorch's nn.BatchNorm2d); see <see cref="BatchNormBase"/>.</summary>
    public sealed class BatchNorm2d : BatchNormBase
    {
        /// <summary>Creates the layer with PyTorch's defaults (eps 1e-5, momentum 0.1, affine, tracking running statistics).</summary>
        public BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool track_running_stats = true,
            Device? device = null, ScalarType? dtype = null)
            : base(nameof(BatchNorm2d), num_features, eps, momentum, affine, track_running_stats, device, dtype)
        {
        }

        private protected override bool AcceptsRank(int rank) => rank == 4;

        private protected override string RankText => "4D";
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Batch normalisation of [N, C, H, W] input (see <see cref="Modules.BatchNorm2d"/>).</summary>
            public static Modules.BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
                bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
                new(num_features, eps, momentum, affine, track_running_stats, device, dtype);
        }
    }
}

using ResNetTab.Torch.Modules;
using ResNetTab.Torch.Optimizers;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>Optimizers, named and defaulted as PyTorch's <c>torch.optim</c>.</summary>
    public static partial class optim
    {
        /// <summary>Stochastic gradient descent (see <see cref="Optimizers.SGD"/>).</summary>
        public static Optimizers.SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize);

        /// <summary>Stochastic gradient descent over parameter groups (see <see cref="Optimizers.SGD"/>).</summary>
        public static Optimizers.SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov, maximize);

        /// <summary>Adam (see <see cref="Optimizers.Adam"/>).</summary>
        public static Optimizers.Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
            new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        /// <summary>Adam over parameter groups (see <see cref="Optimizers.Adam"/>).</summary>
        public static Optimizers.Adam Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
            new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        /// <summary>Adam with decoupled weight decay (see <see cref="Optimizers.AdamW"/>).</summary>
        public static Optimizers.AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false) =>
            new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        /// <summary>Adam with decoupled weight decay over parameter groups (see <see cref="Optimizers.AdamW"/>).</summary>
        public static Optimizers.AdamW AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false) =>
            new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        /// <summary>RMSprop (see <see cref="Optimizers.RMSprop"/>).</summary>
        public static Optimizers.RMSprop RMSprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
            double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false) =>
            new(parameters, lr, alpha, eps, weight_decay, momentum, centered, maximize);

        /// <summary>RMSprop over parameter groups (see <see cref="Optimizers.RMSprop"/>).</summary>
        public static Optimizers.RMSprop RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
            double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false) =>
            new(groups, lr, alpha, eps, weight_decay, momentum, centered, maximize);
    }
}

// Loss functions. reduction: 0 = none, 1 = mean, 2 = sum (at::Reduction). Optional tensors may be null.
#include "rt_shim.h"

namespace {
c10::optional<at::Tensor> opt(rt_tensor t) { return t ? c10::optional<at::Tensor>(*t) : c10::nullopt; }
}  // namespace

RT_TENSOR_FN(cross_entropy, (rt_tensor input, rt_tensor target, rt_tensor weight, int64_t reduction, int64_t ignore_index,
                             double label_smoothing, rt_tensor* out),
             at::cross_entropy_loss(*input, *target, opt(weight), reduction, ignore_index, label_smoothing))
RT_TENSOR_FN(nll_loss, (rt_tensor input, rt_tensor target, rt_tensor weight, int64_t reduction, int64_t ignore_index, rt_tensor* out),
             at::nll_loss_nd(*input, *target, opt(weight), reduction, ignore_index))
RT_TENSOR_FN(mse_loss, (rt_tensor input, rt_tensor target, int64_t reduction, rt_tensor* out), at::mse_loss(*input, *target, reduction))
RT_TENSOR_FN(l1_loss, (rt_tensor input, rt_tensor target, int64_t reduction, rt_tensor* out), at::l1_loss(*input, *target, reduction))
RT_TENSOR_FN(smooth_l1_loss, (rt_tensor input, rt_tensor target, int64_t reduction, double beta, rt_tensor* out),
             at::smooth_l1_loss(*input, *target, reduction, beta))
RT_TENSOR_FN(binary_cross_entropy, (rt_tensor input, rt_tensor target, rt_tensor weight, int64_t reduction, rt_tensor* out),
             at::binary_cross_entropy(*input, *target, opt(weight), reduction))
RT_TENSOR_FN(binary_cross_entropy_with_logits, (rt_tensor input, rt_tensor target, rt_tensor weight, rt_tensor pos_weight,
                                                int64_t reduction, rt_tensor* out),
             at::binary_cross_entropy_with_logits(*input, *target, opt(weight), opt(pos_weight), reduction))

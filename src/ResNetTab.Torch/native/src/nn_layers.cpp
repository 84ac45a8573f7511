// Neural-network layer kernels: linear, convolution, normalisation, embedding, dropout, pooling,
// padding and similarity. Optional tensors are passed as null handles.
#include "rt_shim.h"

namespace {

inline c10::optional<at::Tensor> opt(rt_tensor t) {
  if (t == nullptr) return c10::nullopt;
  return *t;
}

// Padding kind of a convolution: 0 = explicit values, 1 = "valid", 2 = "same".
inline const char* padding_name(int32_t kind) { return kind == 2 ? "same" : "valid"; }

// Padding mode of F.pad: 0 = constant, 1 = reflect, 2 = replicate, 3 = circular.
inline const char* pad_mode_name(int32_t mode) {
  switch (mode) {
    case 1: return "reflect";
    case 2: return "replicate";
    case 3: return "circular";
    default: return "constant";
  }
}

at::Tensor convolution(const at::Tensor& input, const at::Tensor& weight, rt_tensor bias, const int64_t* stride,
                       const int64_t* padding, const int64_t* dilation, int32_t n, int32_t padding_kind, int64_t groups) {
  auto s = rt::dims(stride, n);
  auto d = rt::dims(dilation, n);
  auto b = opt(bias);
  if (padding_kind != 0) {
    c10::string_view mode(padding_name(padding_kind));
    if (n == 1) return at::conv1d(input, weight, b, s, mode, d, groups);
    if (n == 2) return at::conv2d(input, weight, b, s, mode, d, groups);
  } else {
    auto p = rt::dims(padding, n);
    if (n == 1) return at::conv1d(input, weight, b, s, p, d, groups);
    if (n == 2) return at::conv2d(input, weight, b, s, p, d, groups);
  }
  TORCH_CHECK(false, "convolution supports 1 or 2 spatial dimensions, got ", n);
}

}  // namespace

RT_TENSOR_FN(linear, (rt_tensor input, rt_tensor weight, rt_tensor bias, rt_tensor* out), at::linear(*input, *weight, opt(bias)))

RT_TENSOR_FN(convolution_nd,
             (rt_tensor input, rt_tensor weight, rt_tensor bias, const int64_t* stride, const int64_t* padding,
              const int64_t* dilation, int32_t n, int32_t padding_kind, int64_t groups, rt_tensor* out),
             convolution(*input, *weight, bias, stride, padding, dilation, n, padding_kind, groups))

// In training mode with running statistics, ATen updates running_mean/running_var in place.
RT_TENSOR_FN(batch_norm,
             (rt_tensor input, rt_tensor weight, rt_tensor bias, rt_tensor running_mean, rt_tensor running_var,
              int32_t training, double momentum, double eps, rt_tensor* out),
             at::batch_norm(*input, opt(weight), opt(bias), opt(running_mean), opt(running_var), training != 0, momentum,
                            eps, /*cudnn_enabled=*/true))

RT_TENSOR_FN(layer_norm,
             (rt_tensor input, const int64_t* normalized_shape, int32_t ndim, rt_tensor weight, rt_tensor bias, double eps,
              rt_tensor* out),
             at::layer_norm(*input, rt::dims(normalized_shape, ndim), opt(weight), opt(bias), eps, /*cudnn_enable=*/true))

// padding_idx < 0 means none. max_norm > 0 renormalises the looked-up rows in place first (as F.embedding).
RT_API int32_t rt_embedding(rt_tensor weight, rt_tensor indices, int64_t padding_idx, int32_t has_max_norm,
                            double max_norm, double norm_type, int32_t scale_grad_by_freq, int32_t sparse,
                            rt_tensor* out) {
  RT_TRY
  if (has_max_norm) {
    at::NoGradGuard guard;
    at::embedding_renorm_(*weight, indices->contiguous(), max_norm, norm_type);
  }
  *out = rt::wrap(at::embedding(*weight, *indices, padding_idx, scale_grad_by_freq != 0, sparse != 0));
  RT_CATCH
}

RT_TENSOR_FN(dropout, (rt_tensor input, double p, int32_t train, rt_tensor* out), at::dropout(*input, p, train != 0))
RT_VOID_FN(dropout_, (rt_tensor input, double p, int32_t train), at::dropout_(*input, p, train != 0))
RT_VOID_FN(relu_, (rt_tensor input), at::relu_(*input))

RT_TENSOR_FN(softmax_dtype, (rt_tensor a, int64_t dim, int32_t dtype, rt_tensor* out), at::softmax(*a, dim, rt::opt_dtype(dtype)))
RT_TENSOR_FN(log_softmax_dtype, (rt_tensor a, int64_t dim, int32_t dtype, rt_tensor* out),
             at::log_softmax(*a, dim, rt::opt_dtype(dtype)))

// kernel/stride/padding/dilation hold 2 values each; an empty stride (count 0) means "kernel size".
RT_TENSOR_FN(max_pool2d,
             (rt_tensor input, const int64_t* kernel, const int64_t* stride, int32_t stride_count, const int64_t* padding,
              const int64_t* dilation, int32_t ceil_mode, rt_tensor* out),
             at::max_pool2d(*input, rt::dims(kernel, 2), rt::dims(stride, stride_count), rt::dims(padding, 2),
                            rt::dims(dilation, 2), ceil_mode != 0))

RT_API int32_t rt_max_pool2d_with_indices(rt_tensor input, const int64_t* kernel, const int64_t* stride,
                                          int32_t stride_count, const int64_t* padding, const int64_t* dilation,
                                          int32_t ceil_mode, rt_tensor* out, rt_tensor* indices) {
  RT_TRY
  auto result = at::max_pool2d_with_indices(*input, rt::dims(kernel, 2), rt::dims(stride, stride_count),
                                            rt::dims(padding, 2), rt::dims(dilation, 2), ceil_mode != 0);
  *out = rt::wrap(std::move(std::get<0>(result)));
  *indices = rt::wrap(std::move(std::get<1>(result)));
  RT_CATCH
}

// divisor_override <= 0 means none.
RT_TENSOR_FN(avg_pool2d,
             (rt_tensor input, const int64_t* kernel, const int64_t* stride, int32_t stride_count, const int64_t* padding,
              int32_t ceil_mode, int32_t count_include_pad, int64_t divisor_override, rt_tensor* out),
             at::avg_pool2d(*input, rt::dims(kernel, 2), rt::dims(stride, stride_count), rt::dims(padding, 2),
                            ceil_mode != 0, count_include_pad != 0,
                            divisor_override > 0 ? c10::optional<int64_t>(divisor_override) : c10::nullopt))

RT_TENSOR_FN(adaptive_avg_pool2d, (rt_tensor input, const int64_t* output_size, rt_tensor* out),
             at::adaptive_avg_pool2d(*input, rt::dims(output_size, 2)))

// F.normalize: input / max(‖input‖_p over dim, eps).
RT_TENSOR_FN(normalize, (rt_tensor input, double p, int64_t dim, double eps, rt_tensor* out),
             *input / at::norm(*input, p, dim, /*keepdim=*/true).clamp_min(eps).expand_as(*input))

RT_TENSOR_FN(pad, (rt_tensor input, const int64_t* pad, int32_t count, int32_t mode, double value, rt_tensor* out),
             at::pad(*input, rt::dims(pad, count), pad_mode_name(mode),
                     mode == 0 ? c10::optional<double>(value) : c10::nullopt))

RT_TENSOR_FN(one_hot, (rt_tensor input, int64_t num_classes, rt_tensor* out), at::one_hot(*input, num_classes))

RT_TENSOR_FN(cosine_similarity, (rt_tensor x1, rt_tensor x2, int64_t dim, double eps, rt_tensor* out),
             at::cosine_similarity(*x1, *x2, dim, eps))

// A new tensor object sharing storage and autograd history (nn.Identity's result).
RT_UNARY(alias, at::alias(*a))

// Tensor factories: zeros/ones/full/empty/arange/linspace/eye, random tensors, *_like.
#include "rt_shim.h"

#define RT_OPTS int32_t dtype, int32_t device_type, int32_t device_index, int32_t requires_grad
#define RT_OPTIONS rt::options(dtype, device_type, device_index)

RT_TENSOR_FN(zeros, (const int64_t* shape, int32_t ndim, RT_OPTS, rt_tensor* out), rt::with_grad(at::zeros(rt::dims(shape, ndim), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(ones, (const int64_t* shape, int32_t ndim, RT_OPTS, rt_tensor* out), rt::with_grad(at::ones(rt::dims(shape, ndim), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(empty, (const int64_t* shape, int32_t ndim, RT_OPTS, rt_tensor* out), rt::with_grad(at::empty(rt::dims(shape, ndim), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(full, (const int64_t* shape, int32_t ndim, rt_scalar value, RT_OPTS, rt_tensor* out),
             rt::with_grad(at::full(rt::dims(shape, ndim), rt::to_scalar(value), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(scalar_tensor, (rt_scalar value, RT_OPTS, rt_tensor* out), rt::with_grad(at::scalar_tensor(rt::to_scalar(value), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(arange, (rt_scalar start, rt_scalar end, rt_scalar step, RT_OPTS, rt_tensor* out),
             rt::with_grad(at::arange(rt::to_scalar(start), rt::to_scalar(end), rt::to_scalar(step), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(linspace, (double start, double end, int64_t steps, RT_OPTS, rt_tensor* out),
             rt::with_grad(at::linspace(start, end, steps, RT_OPTIONS), requires_grad))
RT_TENSOR_FN(eye, (int64_t n, int64_t m, RT_OPTS, rt_tensor* out), rt::with_grad(at::eye(n, m, RT_OPTIONS), requires_grad))
RT_TENSOR_FN(randn, (const int64_t* shape, int32_t ndim, RT_OPTS, rt_tensor* out), rt::with_grad(at::randn(rt::dims(shape, ndim), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(rand, (const int64_t* shape, int32_t ndim, RT_OPTS, rt_tensor* out), rt::with_grad(at::rand(rt::dims(shape, ndim), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(randint, (int64_t low, int64_t high, const int64_t* shape, int32_t ndim, RT_OPTS, rt_tensor* out),
             rt::with_grad(at::randint(low, high, rt::dims(shape, ndim), RT_OPTIONS), requires_grad))
RT_TENSOR_FN(randperm, (int64_t n, RT_OPTS, rt_tensor* out), rt::with_grad(at::randperm(n, RT_OPTIONS), requires_grad))

// *_like: dtype < 0 keeps the source's dtype; the device always follows the source.
static at::TensorOptions like_options(const at::Tensor& a, int32_t dtype) {
  auto o = a.options();
  if (dtype >= 0) o = o.dtype(static_cast<at::ScalarType>(dtype));
  return o;
}
RT_TENSOR_FN(zeros_like, (rt_tensor a, int32_t dtype, int32_t requires_grad, rt_tensor* out), rt::with_grad(at::zeros_like(*a, like_options(*a, dtype)), requires_grad))
RT_TENSOR_FN(ones_like, (rt_tensor a, int32_t dtype, int32_t requires_grad, rt_tensor* out), rt::with_grad(at::ones_like(*a, like_options(*a, dtype)), requires_grad))
RT_TENSOR_FN(empty_like, (rt_tensor a, int32_t dtype, int32_t requires_grad, rt_tensor* out), rt::with_grad(at::empty_like(*a, like_options(*a, dtype)), requires_grad))
RT_TENSOR_FN(randn_like, (rt_tensor a, int32_t dtype, int32_t requires_grad, rt_tensor* out), rt::with_grad(at::randn_like(*a, like_options(*a, dtype)), requires_grad))
RT_TENSOR_FN(rand_like, (rt_tensor a, int32_t dtype, int32_t requires_grad, rt_tensor* out), rt::with_grad(at::rand_like(*a, like_options(*a, dtype)), requires_grad))
RT_TENSOR_FN(full_like, (rt_tensor a, rt_scalar value, int32_t dtype, int32_t requires_grad, rt_tensor* out),
             rt::with_grad(at::full_like(*a, rt::to_scalar(value), like_options(*a, dtype)), requires_grad))

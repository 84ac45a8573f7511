// Shape and layout: views, permutations, concatenation and splitting, device/dtype moves.
#include "rt_shim.h"

RT_TENSOR_FN(view, (rt_tensor a, const int64_t* shape, int32_t ndim, rt_tensor* out), a->view(rt::dims(shape, ndim)))
RT_TENSOR_FN(reshape, (rt_tensor a, const int64_t* shape, int32_t ndim, rt_tensor* out), a->reshape(rt::dims(shape, ndim)))
RT_TENSOR_FN(flatten, (rt_tensor a, int64_t start, int64_t end, rt_tensor* out), a->flatten(start, end))
RT_TENSOR_FN(unsqueeze, (rt_tensor a, int64_t dim, rt_tensor* out), a->unsqueeze(dim))
RT_UNARY(squeeze, a->squeeze())
RT_TENSOR_FN(squeeze_dim, (rt_tensor a, int64_t dim, rt_tensor* out), a->squeeze(dim))
RT_TENSOR_FN(permute, (rt_tensor a, const int64_t* dims, int32_t ndim, rt_tensor* out), a->permute(rt::dims(dims, ndim)))
RT_TENSOR_FN(transpose, (rt_tensor a, int64_t d0, int64_t d1, rt_tensor* out), a->transpose(d0, d1))
RT_UNARY(t, a->t())
RT_UNARY(contiguous, a->contiguous())
RT_TENSOR_FN(expand, (rt_tensor a, const int64_t* shape, int32_t ndim, rt_tensor* out), a->expand(rt::dims(shape, ndim)))
RT_TENSOR_FN(repeat, (rt_tensor a, const int64_t* repeats, int32_t ndim, rt_tensor* out), a->repeat(rt::dims(repeats, ndim)))
RT_TENSOR_FN(narrow, (rt_tensor a, int64_t dim, int64_t start, int64_t length, rt_tensor* out), a->narrow(dim, start, length))
RT_TENSOR_FN(select, (rt_tensor a, int64_t dim, int64_t index, rt_tensor* out), a->select(dim, index))
RT_TENSOR_FN(slice, (rt_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step, rt_tensor* out), a->slice(dim, start, end, step))

RT_TENSOR_FN(cat, (const rt_tensor* tensors, int32_t count, int64_t dim, rt_tensor* out), at::cat(rt::tensor_list(tensors, count), dim))
RT_TENSOR_FN(stack, (const rt_tensor* tensors, int32_t count, int64_t dim, rt_tensor* out), at::stack(rt::tensor_list(tensors, count), dim))

namespace {
// Returns a list of new tensor handles through a caller-provided buffer (capacity) and its length.
int32_t write_list(const std::vector<at::Tensor>& parts, rt_tensor* buffer, int32_t capacity, int32_t* count) {
  *count = static_cast<int32_t>(parts.size());
  if (static_cast<int32_t>(parts.size()) > capacity) return 0;  // caller retries with a larger buffer
  for (size_t i = 0; i < parts.size(); ++i) buffer[i] = rt::wrap(parts[i]);
  return 0;
}
}  // namespace

// Count-only query when capacity is smaller than the result: *count tells the caller what to allocate.
RT_API int32_t rt_split(rt_tensor a, int64_t split_size, int64_t dim, rt_tensor* buffer, int32_t capacity, int32_t* count) {
  RT_TRY write_list(a->split(split_size, dim), buffer, capacity, count);
  RT_CATCH
}
RT_API int32_t rt_split_with_sizes(rt_tensor a, const int64_t* sizes, int32_t nsizes, int64_t dim, rt_tensor* buffer,
                                   int32_t capacity, int32_t* count) {
  RT_TRY write_list(a->split_with_sizes(rt::dims(sizes, nsizes), dim), buffer, capacity, count);
  RT_CATCH
}
RT_API int32_t rt_chunk(rt_tensor a, int64_t chunks, int64_t dim, rt_tensor* buffer, int32_t capacity, int32_t* count) {
  RT_TRY write_list(a->chunk(chunks, dim), buffer, capacity, count);
  RT_CATCH
}
RT_API int32_t rt_unbind(rt_tensor a, int64_t dim, rt_tensor* buffer, int32_t capacity, int32_t* count) {
  RT_TRY write_list(a->unbind(dim), buffer, capacity, count);
  RT_CATCH
}

// Moves/converts: dtype < 0 keeps the dtype; device_type < 0 keeps the device.
RT_API int32_t rt_to(rt_tensor a, int32_t dtype, int32_t device_type, int32_t device_index, int32_t copy, rt_tensor* out) {
  RT_TRY auto options = a->options();
  if (dtype >= 0) options = options.dtype(static_cast<at::ScalarType>(dtype));
  if (device_type >= 0)
    options = options.device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
  *out = rt::wrap(a->to(options, /*non_blocking=*/false, copy != 0));
  RT_CATCH
}

// Indexing: index_select, gather, scatter, boolean masks, nonzero, one-hot style helpers.
#include "rt_shim.h"

RT_TENSOR_FN(index_select, (rt_tensor a, int64_t dim, rt_tensor index, rt_tensor* out), at::index_select(*a, dim, *index))
RT_TENSOR_FN(gather, (rt_tensor a, int64_t dim, rt_tensor index, rt_tensor* out), at::gather(*a, dim, *index))
RT_TENSOR_FN(scatter, (rt_tensor a, int64_t dim, rt_tensor index, rt_tensor src, rt_tensor* out), at::scatter(*a, dim, *index, *src))
RT_TENSOR_FN(scatter_add, (rt_tensor a, int64_t dim, rt_tensor index, rt_tensor src, rt_tensor* out), at::scatter_add(*a, dim, *index, *src))
RT_TENSOR_FN(masked_select, (rt_tensor a, rt_tensor mask, rt_tensor* out), at::masked_select(*a, *mask))
RT_TENSOR_FN(masked_fill, (rt_tensor a, rt_tensor mask, rt_scalar s, rt_tensor* out), at::masked_fill(*a, *mask, rt::to_scalar(s)))
RT_UNARY(nonzero, at::nonzero(*a))
// a[index] with a single index tensor (long indices or bool mask) along dim 0.
RT_TENSOR_FN(index, (rt_tensor a, rt_tensor index, rt_tensor* out),
             at::index(*a, c10::List<c10::optional<at::Tensor>>({c10::optional<at::Tensor>(*index)})))
RT_VOID_FN(index_put_, (rt_tensor a, rt_tensor index, rt_tensor values),
           a->index_put_(c10::List<c10::optional<at::Tensor>>({c10::optional<at::Tensor>(*index)}), *values))

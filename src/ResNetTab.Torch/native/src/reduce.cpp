// Reductions, sorting and selection.
#include "rt_shim.h"

// dims == null/ndims == 0 with all_dims = 1 reduces over every dimension.
#define RT_DIMS_PARAMS const int64_t* dims, int32_t ndims, int32_t keepdim
#define RT_DIMS rt::dims(dims, ndims)

RT_TENSOR_FN(sum, (rt_tensor a, int32_t dtype, rt_tensor* out), at::sum(*a, rt::opt_dtype(dtype)))
RT_TENSOR_FN(sum_dims, (rt_tensor a, RT_DIMS_PARAMS, int32_t dtype, rt_tensor* out), at::sum(*a, RT_DIMS, keepdim != 0, rt::opt_dtype(dtype)))
RT_TENSOR_FN(mean, (rt_tensor a, rt_tensor* out), at::mean(*a))
RT_TENSOR_FN(mean_dims, (rt_tensor a, RT_DIMS_PARAMS, rt_tensor* out), at::mean(*a, RT_DIMS, keepdim != 0))
RT_TENSOR_FN(std, (rt_tensor a, int32_t unbiased, rt_tensor* out), at::std(*a, unbiased != 0))
RT_TENSOR_FN(std_dims, (rt_tensor a, RT_DIMS_PARAMS, int32_t unbiased, rt_tensor* out), at::std(*a, RT_DIMS, unbiased != 0, keepdim != 0))
RT_TENSOR_FN(var, (rt_tensor a, int32_t unbiased, rt_tensor* out), at::var(*a, unbiased != 0))
RT_TENSOR_FN(var_dims, (rt_tensor a, RT_DIMS_PARAMS, int32_t unbiased, rt_tensor* out), at::var(*a, RT_DIMS, unbiased != 0, keepdim != 0))
RT_TENSOR_FN(prod, (rt_tensor a, rt_tensor* out), at::prod(*a))
RT_UNARY(max_all, at::max(*a))
RT_UNARY(min_all, at::min(*a))
RT_UNARY(argmax_all, at::argmax(*a))
RT_UNARY(argmin_all, at::argmin(*a))
RT_TENSOR_FN(argmax, (rt_tensor a, int64_t dim, int32_t keepdim, rt_tensor* out), at::argmax(*a, dim, keepdim != 0))
RT_TENSOR_FN(argmin, (rt_tensor a, int64_t dim, int32_t keepdim, rt_tensor* out), at::argmin(*a, dim, keepdim != 0))
RT_TENSOR_FN(norm, (rt_tensor a, double p, rt_tensor* out), at::norm(*a, p))
RT_TENSOR_FN(norm_dims, (rt_tensor a, double p, RT_DIMS_PARAMS, rt_tensor* out), at::norm(*a, p, RT_DIMS, keepdim != 0))
RT_TENSOR_FN(logsumexp, (rt_tensor a, RT_DIMS_PARAMS, rt_tensor* out), at::logsumexp(*a, RT_DIMS, keepdim != 0))
RT_TENSOR_FN(cumsum, (rt_tensor a, int64_t dim, rt_tensor* out), at::cumsum(*a, dim))
RT_UNARY(all, at::all(*a))
RT_UNARY(any, at::any(*a))

// Reductions that return (values, indices).
#define RT_PAIR_FN(name, params, expr)                 \
  RT_API int32_t rt_##name params {                    \
    RT_TRY auto r = expr;                              \
    *values = rt::wrap(std::move(std::get<0>(r)));     \
    *indices = rt::wrap(std::move(std::get<1>(r)));    \
    RT_CATCH                                           \
  }

RT_PAIR_FN(max_dim, (rt_tensor a, int64_t dim, int32_t keepdim, rt_tensor* values, rt_tensor* indices), at::max(*a, dim, keepdim != 0))
RT_PAIR_FN(min_dim, (rt_tensor a, int64_t dim, int32_t keepdim, rt_tensor* values, rt_tensor* indices), at::min(*a, dim, keepdim != 0))
RT_PAIR_FN(topk, (rt_tensor a, int64_t k, int64_t dim, int32_t largest, int32_t sorted, rt_tensor* values, rt_tensor* indices),
           at::topk(*a, k, dim, largest != 0, sorted != 0))
RT_PAIR_FN(sort, (rt_tensor a, int64_t dim, int32_t descending, int32_t stable, rt_tensor* values, rt_tensor* indices),
           at::sort(*a, c10::optional<bool>(stable != 0), dim, descending != 0))
RT_PAIR_FN(kthvalue, (rt_tensor a, int64_t k, int64_t dim, int32_t keepdim, rt_tensor* values, rt_tensor* indices),
           at::kthvalue(*a, k, dim, keepdim != 0))
RT_TENSOR_FN(argsort, (rt_tensor a, int64_t dim, int32_t descending, rt_tensor* out), at::argsort(*a, dim, descending != 0))

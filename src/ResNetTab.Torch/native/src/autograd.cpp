// Autograd: requires_grad, backward, grad, leaf status, detach.
#include "rt_shim.h"

RT_API int32_t rt_requires_grad(rt_tensor t, int32_t* out) {
  RT_TRY *out = t->requires_grad() ? 1 : 0;
  RT_CATCH
}
RT_VOID_FN(set_requires_grad, (rt_tensor t, int32_t value), t->requires_grad_(value != 0))

RT_API int32_t rt_is_leaf(rt_tensor t, int32_t* out) {
  RT_TRY *out = t->is_leaf() ? 1 : 0;
  RT_CATCH
}

// *out is null when the tensor has no gradient.
RT_API int32_t rt_grad(rt_tensor t, rt_tensor* out) {
  RT_TRY const auto& g = t->grad();
  *out = g.defined() ? rt::wrap(g) : nullptr;
  RT_CATCH
}

// Replaces (or clears, when `grad` is null) the gradient.
RT_VOID_FN(set_grad, (rt_tensor t, rt_tensor grad), t->mutable_grad() = grad ? *grad : at::Tensor())

// `grad` may be null (implicit gradient of 1 for a scalar).
RT_VOID_FN(backward, (rt_tensor t, rt_tensor grad, int32_t retain_graph, int32_t create_graph),
           t->backward(grad ? *grad : at::Tensor(),
                       retain_graph < 0 ? c10::optional<bool>() : c10::optional<bool>(retain_graph != 0),
                       create_graph != 0))

RT_UNARY(detach, a->detach())
RT_VOID_FN(detach_, (rt_tensor t), t->detach_())
RT_UNARY(clone, a->clone())

// Replaces the data of `t` with that of `data` while keeping `t`'s identity and autograd leaf
// status (Module.to(device|dtype) keeps parameter objects that optimizers already hold).
RT_VOID_FN(set_data, (rt_tensor t, rt_tensor data), t->set_data(*data))

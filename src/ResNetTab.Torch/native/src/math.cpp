// Elementwise arithmetic, comparisons, unary math, activations and linear algebra.
#include "rt_shim.h"

// ---- binary arithmetic (tensor-tensor and tensor-scalar) -------------------------------------
RT_BINARY(add, at::add(*a, *b))
RT_TENSOR_FN(add_alpha, (rt_tensor a, rt_tensor b, rt_scalar alpha, rt_tensor* out), at::add(*a, *b, rt::to_scalar(alpha)))
RT_BINARY(sub, at::sub(*a, *b))
RT_BINARY(mul, at::mul(*a, *b))
RT_BINARY(div, at::div(*a, *b))
RT_BINARY(remainder, at::remainder(*a, *b))
RT_BINARY(pow, at::pow(*a, *b))
RT_BINARY(maximum, at::maximum(*a, *b))
RT_BINARY(minimum, at::minimum(*a, *b))
RT_BINARY(atan2, at::atan2(*a, *b))
RT_SCALAR(add_scalar, at::add(*a, rt::to_scalar(s)))
RT_SCALAR(sub_scalar, at::sub(*a, rt::to_scalar(s)))
RT_SCALAR(rsub_scalar, at::rsub(*a, rt::to_scalar(s)))
RT_SCALAR(mul_scalar, at::mul(*a, rt::to_scalar(s)))
RT_SCALAR(div_scalar, at::div(*a, rt::to_scalar(s)))
RT_SCALAR(rdiv_scalar, at::mul(at::reciprocal(*a), rt::to_scalar(s)))
RT_SCALAR(remainder_scalar, at::remainder(*a, rt::to_scalar(s)))
RT_SCALAR(pow_scalar, at::pow(*a, rt::to_scalar(s)))
RT_TENSOR_FN(rpow_scalar, (rt_scalar s, rt_tensor a, rt_tensor* out), at::pow(rt::to_scalar(s), *a))

// ---- comparisons (bool results) ---------------------------------------------------------------
RT_BINARY(eq, at::eq(*a, *b))
RT_BINARY(ne, at::ne(*a, *b))
RT_BINARY(lt, at::lt(*a, *b))
RT_BINARY(le, at::le(*a, *b))
RT_BINARY(gt, at::gt(*a, *b))
RT_BINARY(ge, at::ge(*a, *b))
RT_SCALAR(eq_scalar, at::eq(*a, rt::to_scalar(s)))
RT_SCALAR(ne_scalar, at::ne(*a, rt::to_scalar(s)))
RT_SCALAR(lt_scalar, at::lt(*a, rt::to_scalar(s)))
RT_SCALAR(le_scalar, at::le(*a, rt::to_scalar(s)))
RT_SCALAR(gt_scalar, at::gt(*a, rt::to_scalar(s)))
RT_SCALAR(ge_scalar, at::ge(*a, rt::to_scalar(s)))
RT_BINARY(logical_and, at::logical_and(*a, *b))
RT_BINARY(logical_or, at::logical_or(*a, *b))
RT_UNARY(logical_not, at::logical_not(*a))
RT_TENSOR_FN(allclose, (rt_tensor a, rt_tensor b, double rtol, double atol, rt_tensor* out),
             at::scalar_tensor(at::allclose(*a, *b, rtol, atol), at::kBool))

// ---- unary math -------------------------------------------------------------------------------
RT_UNARY(neg, at::neg(*a))
RT_UNARY(exp, at::exp(*a))
RT_UNARY(log, at::log(*a))
RT_UNARY(log1p, at::log1p(*a))
RT_UNARY(sqrt, at::sqrt(*a))
RT_UNARY(rsqrt, at::rsqrt(*a))
RT_UNARY(abs, at::abs(*a))
RT_UNARY(sign, at::sign(*a))
RT_UNARY(floor, at::floor(*a))
RT_UNARY(ceil, at::ceil(*a))
RT_UNARY(round, at::round(*a))
RT_UNARY(sin, at::sin(*a))
RT_UNARY(cos, at::cos(*a))
RT_UNARY(reciprocal, at::reciprocal(*a))
RT_UNARY(square, at::square(*a))
RT_UNARY(sigmoid, at::sigmoid(*a))
RT_UNARY(tanh, at::tanh(*a))
RT_UNARY(relu, at::relu(*a))
RT_TENSOR_FN(gelu, (rt_tensor a, int32_t tanh_approx, rt_tensor* out), at::gelu(*a, tanh_approx ? "tanh" : "none"))
RT_TENSOR_FN(softmax, (rt_tensor a, int64_t dim, rt_tensor* out), at::softmax(*a, dim))
RT_TENSOR_FN(log_softmax, (rt_tensor a, int64_t dim, rt_tensor* out), at::log_softmax(*a, dim))
RT_UNARY(isnan, at::isnan(*a))
RT_UNARY(isinf, at::isinf(*a))
RT_UNARY(isfinite, at::isfinite(*a))
RT_TENSOR_FN(nan_to_num, (rt_tensor a, double nan, double posinf, double neginf, rt_tensor* out),
             at::nan_to_num(*a, nan, posinf, neginf))

// Either bound may be absent (has_min/has_max = 0).
RT_TENSOR_FN(clamp, (rt_tensor a, int32_t has_min, rt_scalar min, int32_t has_max, rt_scalar max, rt_tensor* out),
             at::clamp(*a, has_min ? c10::optional<at::Scalar>(rt::to_scalar(min)) : c10::nullopt,
                       has_max ? c10::optional<at::Scalar>(rt::to_scalar(max)) : c10::nullopt))

RT_TENSOR_FN(where, (rt_tensor cond, rt_tensor a, rt_tensor b, rt_tensor* out), at::where(*cond, *a, *b))

// ---- linear algebra ----------------------------------------------------------------------------
RT_BINARY(matmul, at::matmul(*a, *b))
RT_BINARY(mm, at::mm(*a, *b))
RT_BINARY(bmm, at::bmm(*a, *b))
RT_BINARY(dot, at::dot(*a, *b))
RT_BINARY(outer, at::outer(*a, *b))
RT_TENSOR_FN(addmm, (rt_tensor self, rt_tensor m1, rt_tensor m2, rt_scalar beta, rt_scalar alpha, rt_tensor* out),
             at::addmm(*self, *m1, *m2, rt::to_scalar(beta), rt::to_scalar(alpha)))
RT_TENSOR_FN(cdist, (rt_tensor a, rt_tensor b, double p, rt_tensor* out), at::cdist(*a, *b, p))

// ---- in-place (used by optimizers and initialisers) ---------------------------------------------
RT_VOID_FN(add_, (rt_tensor a, rt_tensor b, rt_scalar alpha), a->add_(*b, rt::to_scalar(alpha)))
RT_VOID_FN(add_scalar_, (rt_tensor a, rt_scalar s), a->add_(rt::to_scalar(s)))
RT_VOID_FN(sub_, (rt_tensor a, rt_tensor b, rt_scalar alpha), a->sub_(*b, rt::to_scalar(alpha)))
RT_VOID_FN(mul_, (rt_tensor a, rt_tensor b), a->mul_(*b))
RT_VOID_FN(mul_scalar_, (rt_tensor a, rt_scalar s), a->mul_(rt::to_scalar(s)))
RT_VOID_FN(div_, (rt_tensor a, rt_tensor b), a->div_(*b))
RT_VOID_FN(div_scalar_, (rt_tensor a, rt_scalar s), a->div_(rt::to_scalar(s)))
RT_VOID_FN(addcmul_, (rt_tensor a, rt_tensor t1, rt_tensor t2, rt_scalar value), a->addcmul_(*t1, *t2, rt::to_scalar(value)))
RT_VOID_FN(addcdiv_, (rt_tensor a, rt_tensor t1, rt_tensor t2, rt_scalar value), a->addcdiv_(*t1, *t2, rt::to_scalar(value)))
RT_VOID_FN(copy_, (rt_tensor a, rt_tensor src), a->copy_(*src))
RT_VOID_FN(zero_, (rt_tensor a), a->zero_())
RT_VOID_FN(fill_, (rt_tensor a, rt_scalar s), a->fill_(rt::to_scalar(s)))
RT_VOID_FN(clamp_, (rt_tensor a, int32_t has_min, rt_scalar min, int32_t has_max, rt_scalar max),
           a->clamp_(has_min ? c10::optional<at::Scalar>(rt::to_scalar(min)) : c10::nullopt,
                     has_max ? c10::optional<at::Scalar>(rt::to_scalar(max)) : c10::nullopt))
RT_VOID_FN(uniform_, (rt_tensor a, double from, double to), a->uniform_(from, to))
RT_VOID_FN(normal_, (rt_tensor a, double mean, double std), a->normal_(mean, std))
RT_VOID_FN(sqrt_, (rt_tensor a), a->sqrt_())
RT_VOID_FN(masked_fill_, (rt_tensor a, rt_tensor mask, rt_scalar s), a->masked_fill_(*mask, rt::to_scalar(s)))

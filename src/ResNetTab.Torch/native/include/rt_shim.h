// Internal helpers shared by the shim's translation units.
//
// The shim exposes a C ABI only. Every entry point returns an int status (0 = success,
// 1 = failure) and writes results through out-parameters, so "an error happened" can never be
// confused with "the result is an undefined tensor". Failures store libtorch's message in a
// thread-local buffer that the managed side reads with rt_last_error().
#pragma once

#include <ATen/ATen.h>
#include <cstdint>
#include <string>
#include <vector>

#define RT_API extern "C" __attribute__((visibility("default")))

// The managed side refuses a shim whose ABI version differs from the one it was built for.
#define RT_ABI_VERSION 1

typedef at::Tensor* rt_tensor;

// A scalar argument: kind 0 = floating (d), 1 = integral (i), 2 = boolean (i != 0).
struct rt_scalar {
  int64_t i;
  double d;
  int32_t kind;
};

namespace rt {

void set_last_error(const char* message);

inline at::Scalar to_scalar(rt_scalar s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.i);
    case 2: return at::Scalar(s.i != 0);
    default: return at::Scalar(s.d);
  }
}

inline rt_tensor wrap(at::Tensor&& t) { return new at::Tensor(std::move(t)); }
inline rt_tensor wrap(const at::Tensor& t) { return new at::Tensor(t); }

inline at::IntArrayRef dims(const int64_t* values, int32_t count) {
  return at::IntArrayRef(values, static_cast<size_t>(count));
}

inline c10::optional<at::ScalarType> opt_dtype(int32_t code) {
  if (code < 0) return c10::nullopt;
  return static_cast<at::ScalarType>(code);
}

// ATen factories ignore requires_grad in TensorOptions, so factories take plain options and
// the flag is applied afterwards with with_grad().
inline at::TensorOptions options(int32_t dtype, int32_t device_type, int32_t device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}

inline at::Tensor with_grad(at::Tensor t, int32_t requires_grad) {
  if (requires_grad) t.requires_grad_(true);
  return t;
}

std::vector<at::Tensor> tensor_list(const rt_tensor* tensors, int32_t count);

}  // namespace rt

// Wraps a body so that no exception crosses the ABI.
#define RT_TRY try {
#define RT_CATCH                                                     \
  }                                                                  \
  catch (const c10::Error& e) {                                      \
    rt::set_last_error(e.what_without_backtrace());                  \
    return 1;                                                        \
  }                                                                  \
  catch (const std::exception& e) {                                  \
    rt::set_last_error(e.what());                                    \
    return 1;                                                        \
  }                                                                  \
  catch (...) {                                                      \
    rt::set_last_error("unknown native exception in libtorch shim"); \
    return 1;                                                        \
  }                                                                  \
  return 0;

// Entry point returning a new tensor through *out.
#define RT_TENSOR_FN(name, params, expr) \
  RT_API int32_t rt_##name params {      \
    RT_TRY *out = rt::wrap(expr);        \
    RT_CATCH                             \
  }

// Unary op:  rt_<name>(a, out)
#define RT_UNARY(name, expr) RT_TENSOR_FN(name, (rt_tensor a, rt_tensor* out), expr)
// Binary tensor op: rt_<name>(a, b, out)
#define RT_BINARY(name, expr) RT_TENSOR_FN(name, (rt_tensor a, rt_tensor b, rt_tensor* out), expr)
// Tensor-scalar op: rt_<name>(a, s, out)
#define RT_SCALAR(name, expr) RT_TENSOR_FN(name, (rt_tensor a, rt_scalar s, rt_tensor* out), expr)
// In-place op returning nothing new: rt_<name>(a, ...)
#define RT_VOID_FN(name, params, stmt) \
  RT_API int32_t rt_##name params {    \
    RT_TRY stmt;                       \
    RT_CATCH                           \
  }

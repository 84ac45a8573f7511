// Errors, versions, tensor lifetime, metadata, raw data access, threads and global state.
#include "rt_shim.h"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/api/include/torch/version.h>
#include <dlfcn.h>
#include <cstring>
#include <mutex>

namespace {
thread_local std::string last_error;
}

namespace rt {
void set_last_error(const char* message) { last_error = message ? message : "(no message)"; }

std::vector<at::Tensor> tensor_list(const rt_tensor* tensors, int32_t count) {
  std::vector<at::Tensor> list;
  list.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) list.push_back(*tensors[i]);
  return list;
}
}  // namespace rt

// ---- errors and versions -------------------------------------------------------------------
RT_API const char* rt_last_error() { return last_error.c_str(); }
RT_API int32_t rt_abi_version() { return RT_ABI_VERSION; }
RT_API const char* rt_torch_version() { return TORCH_VERSION; }
RT_API int32_t rt_torch_version_major() { return TORCH_VERSION_MAJOR; }
RT_API int32_t rt_torch_version_minor() { return TORCH_VERSION_MINOR; }

// Deliberately raises a libtorch error: lets tests prove that errors surface as exceptions.
RT_API int32_t rt_raise_for_test(const char* message) {
  RT_TRY TORCH_CHECK(false, message);
  RT_CATCH
}

// ---- lifetime ------------------------------------------------------------------------------
RT_API void rt_tensor_free(rt_tensor t) { delete t; }

RT_API void rt_tensor_free_many(rt_tensor* tensors, int32_t count) {
  for (int32_t i = 0; i < count; ++i) delete tensors[i];
}

// ---- metadata ------------------------------------------------------------------------------
RT_API int32_t rt_tensor_defined(rt_tensor t) { return t->defined() ? 1 : 0; }

RT_API int32_t rt_tensor_dim(rt_tensor t, int64_t* out) {
  RT_TRY *out = t->dim();
  RT_CATCH
}

RT_API int32_t rt_tensor_shape(rt_tensor t, int64_t* buffer, int32_t capacity, int32_t* ndim) {
  RT_TRY auto sizes = t->sizes();
  *ndim = static_cast<int32_t>(sizes.size());
  for (size_t i = 0; i < sizes.size() && static_cast<int32_t>(i) < capacity; ++i) buffer[i] = sizes[i];
  RT_CATCH
}

RT_API int32_t rt_tensor_numel(rt_tensor t, int64_t* out) {
  RT_TRY *out = t->numel();
  RT_CATCH
}

RT_API int32_t rt_tensor_dtype(rt_tensor t, int32_t* out) {
  RT_TRY *out = static_cast<int32_t>(t->scalar_type());
  RT_CATCH
}

RT_API int32_t rt_tensor_device(rt_tensor t, int32_t* type, int32_t* index) {
  RT_TRY auto d = t->device();
  *type = static_cast<int32_t>(d.type());
  *index = d.has_index() ? d.index() : -1;
  RT_CATCH
}

RT_API int32_t rt_tensor_is_contiguous(rt_tensor t, int32_t* out) {
  RT_TRY *out = t->is_contiguous() ? 1 : 0;
  RT_CATCH
}

RT_API int32_t rt_tensor_to_string(rt_tensor t, char* buffer, int32_t capacity, int32_t* length) {
  RT_TRY std::ostringstream os;
  os << *t;
  auto s = os.str();
  *length = static_cast<int32_t>(s.size());
  if (capacity > 0) {
    auto n = std::min<size_t>(s.size(), static_cast<size_t>(capacity - 1));
    std::memcpy(buffer, s.data(), n);
    buffer[n] = '\0';
  }
  RT_CATCH
}

// ---- raw data ------------------------------------------------------------------------------
// Creates a tensor of the given shape and dtype on the CPU and copies `bytes` bytes into it:
// the only copy between managed memory and libtorch.
RT_API int32_t rt_tensor_from_data(const void* data, int64_t bytes, const int64_t* shape, int32_t ndim,
                                   int32_t dtype, int32_t device_type, int32_t device_index,
                                   int32_t requires_grad, rt_tensor* out) {
  RT_TRY auto t = at::empty(rt::dims(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
  auto expected = static_cast<int64_t>(t.numel() * t.element_size());
  TORCH_CHECK(expected == bytes, "data holds ", bytes, " bytes but shape ", t.sizes(), " of ",
              t.scalar_type(), " needs ", expected, " bytes");
  if (bytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(bytes));
  auto device = at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
  if (device != t.device()) t = t.to(device);
  if (requires_grad) t.requires_grad_(true);
  *out = rt::wrap(std::move(t));
  RT_CATCH
}

// Copies the tensor's elements (converted to `dtype`, moved to the CPU, made contiguous) into `data`.
RT_API int32_t rt_tensor_copy_to(rt_tensor t, int32_t dtype, void* data, int64_t bytes) {
  RT_TRY at::NoGradGuard no_grad;
  auto src = t->detach().to(at::kCPU, static_cast<at::ScalarType>(dtype)).contiguous();
  auto needed = static_cast<int64_t>(src.numel() * src.element_size());
  TORCH_CHECK(needed == bytes, "destination holds ", bytes, " bytes but the tensor needs ", needed);
  if (bytes > 0) std::memcpy(data, src.data_ptr(), static_cast<size_t>(bytes));
  RT_CATCH
}

// Pointer to the first element of a contiguous CPU tensor (for zero-copy reads on the managed side).
RT_API int32_t rt_tensor_data_ptr(rt_tensor t, void** out) {
  RT_TRY TORCH_CHECK(t->device().is_cpu(), "data_ptr needs a CPU tensor, got one on ", t->device());
  TORCH_CHECK(t->is_contiguous(), "data_ptr needs a contiguous tensor");
  *out = t->data_ptr();
  RT_CATCH
}

RT_API int32_t rt_tensor_item(rt_tensor t, double* as_double, int64_t* as_long) {
  RT_TRY auto s = t->item();
  if (s.isFloatingPoint()) {
    *as_double = s.toDouble();
    *as_long = static_cast<int64_t>(*as_double);
  } else if (s.isBoolean()) {
    *as_long = s.toBool() ? 1 : 0;
    *as_double = static_cast<double>(*as_long);
  } else {
    *as_long = s.toLong();
    *as_double = static_cast<double>(*as_long);
  }
  RT_CATCH
}

// ---- threads ------------------------------------------------------------------------------
namespace {
// OpenBLAS keeps its own thread pool; look its setter up in the loaded process (it is present
// only when libtorch's BLAS resolves to OpenBLAS).
using openblas_setter = void (*)(int);
using openblas_getter = int (*)();
openblas_setter find_openblas_setter() {
  return reinterpret_cast<openblas_setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
}
openblas_getter find_openblas_getter() {
  return reinterpret_cast<openblas_getter>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
}
}  // namespace

RT_API int32_t rt_set_num_threads(int32_t intra_op, int32_t blas) {
  RT_TRY TORCH_CHECK(intra_op > 0, "number of threads must be positive, got ", intra_op);
  TORCH_CHECK(blas > 0, "number of BLAS threads must be positive, got ", blas);
  at::set_num_threads(intra_op);
  if (auto setter = find_openblas_setter()) setter(blas);
  RT_CATCH
}

RT_API int32_t rt_get_num_threads() { return at::get_num_threads(); }

// -1 when the process has no OpenBLAS.
RT_API int32_t rt_get_blas_num_threads() {
  auto getter = find_openblas_getter();
  return getter ? getter() : -1;
}

RT_API int32_t rt_set_num_interop_threads(int32_t n) {
  RT_TRY at::set_num_interop_threads(n);
  RT_CATCH
}

RT_API int32_t rt_get_num_interop_threads() { return at::get_num_interop_threads(); }

RT_API int32_t rt_parallel_info(char* buffer, int32_t capacity, int32_t* length) {
  RT_TRY auto s = at::get_parallel_info();
  *length = static_cast<int32_t>(s.size());
  if (capacity > 0) {
    auto n = std::min<size_t>(s.size(), static_cast<size_t>(capacity - 1));
    std::memcpy(buffer, s.data(), n);
    buffer[n] = '\0';
  }
  RT_CATCH
}

// ---- global state --------------------------------------------------------------------------
RT_API int32_t rt_manual_seed(int64_t seed) {
  RT_TRY {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(static_cast<uint64_t>(seed));
  }
  if (at::hasCUDA()) {
    auto& ctx = at::globalContext();
    for (int64_t i = 0; i < static_cast<int64_t>(at::getNumGPUs()); ++i) {
      auto gen = ctx.defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(static_cast<uint64_t>(seed));
    }
  }
  RT_CATCH
}

RT_API int32_t rt_cuda_is_available() { return at::hasCUDA() && at::getNumGPUs() > 0 ? 1 : 0; }
RT_API int32_t rt_cuda_device_count() { return at::hasCUDA() ? static_cast<int32_t>(at::getNumGPUs()) : 0; }

RT_API int32_t rt_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
RT_API void rt_set_grad_enabled(int32_t enabled) { at::GradMode::set_enabled(enabled != 0); }

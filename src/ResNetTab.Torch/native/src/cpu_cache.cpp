// A caching layer over libtorch's CPU allocator for large blocks.
//
// glibc serves every block above 32 MB (its largest mmap threshold) with fresh mmap pages and unmaps
// them on free, so a training step whose convolutions need tens or hundreds of megabytes of activations
// and im2col buffers pays page faults and kernel zeroing for every one of them, every step. Blocks of
// at least kMinCachedBytes are kept after free in exact-size buckets (sizes are rounded up to 2 MB) and
// handed out again; smaller blocks go to libtorch's default allocator unchanged. The cache holds at most
// a configurable number of idle bytes (RESNETTAB_CPU_CACHE_MB, default 2048; 0 turns caching off), and
// rt_cpu_cache_empty() returns every idle block to the system.
#include "rt_shim.h"

#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

constexpr size_t kMinCachedBytes = size_t(16) << 20;
constexpr size_t kGranularity = size_t(2) << 20;
constexpr size_t kAlignment = 64;

void large_delete(void* ptr);
void raw_delete(void* ptr);

class CachingCpuAllocator final : public c10::Allocator {
 public:
  explicit CachingCpuAllocator(c10::Allocator* fallback) : fallback_(fallback) {
    const char* env = std::getenv("RESNETTAB_CPU_CACHE_MB");
    long long mb = env != nullptr ? std::atoll(env) : 2048;
    max_idle_ = mb > 0 ? size_t(mb) << 20 : size_t(0);
  }

  c10::DataPtr allocate(size_t n) const override {
    if (n < kMinCachedBytes || max_idle_ == 0) return fallback_->allocate(n);
    size_t size = (n + kGranularity - 1) / kGranularity * kGranularity;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = idle_.find(size);
      if (it != idle_.end() && !it->second.empty()) {
        void* ptr = it->second.back();
        it->second.pop_back();
        idle_bytes_ -= size;
        hits_++;
        live_[ptr] = size;
        return {ptr, ptr, &large_delete, c10::Device(c10::DeviceType::CPU)};
      }
    }
    void* ptr = nullptr;
    if (posix_memalign(&ptr, kAlignment, size) != 0 || ptr == nullptr) {
      empty();  // give the idle blocks back and try once more before reporting out-of-memory
      if (posix_memalign(&ptr, kAlignment, size) != 0 || ptr == nullptr)
        TORCH_CHECK(false, "CPU out of memory: failed to allocate ", n, " bytes");
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      misses_++;
      live_[ptr] = size;
    }
    return {ptr, ptr, &large_delete, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &raw_delete; }

  void release(void* ptr) const {
    bool keep;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = live_.find(ptr);
      size_t size = it->second;
      live_.erase(it);
      keep = idle_bytes_ + size <= max_idle_;
      if (keep) {
        idle_[size].push_back(ptr);
        idle_bytes_ += size;
      }
    }
    if (!keep) std::free(ptr);
  }

  // Frees ptr whichever allocator made it (raw_allocate hands out both kinds).
  void release_any(void* ptr) const {
    bool mine;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      mine = live_.count(ptr) != 0;
    }
    if (mine) release(ptr);
    else c10::free_cpu(ptr);
  }

  void empty() const {
    std::vector<void*> blocks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& bucket : idle_)
        for (void* p : bucket.second) blocks.push_back(p);
      idle_.clear();
      idle_bytes_ = 0;
    }
    for (void* p : blocks) std::free(p);
  }

  void stats(int64_t* idle_bytes, int64_t* live_bytes, int64_t* hits, int64_t* misses, int64_t* max_idle) const {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t live = 0;
    for (auto& kv : live_) live += kv.second;
    *idle_bytes = int64_t(idle_bytes_);
    *live_bytes = int64_t(live);
    *hits = int64_t(hits_);
    *misses = int64_t(misses_);
    *max_idle = int64_t(max_idle_.load());
  }

  void set_max_idle(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      max_idle_ = bytes;
    }
    if (bytes == 0) empty();
  }

 private:
  c10::Allocator* fallback_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<size_t, std::vector<void*>> idle_;
  mutable std::unordered_map<void*, size_t> live_;
  mutable size_t idle_bytes_ = 0;
  mutable size_t hits_ = 0;
  mutable size_t misses_ = 0;
  std::atomic<size_t> max_idle_;  // read on every large allocation without the lock
};

CachingCpuAllocator* instance() {
  // Never destroyed: tensors may be freed during process exit after static destructors ran.
  static CachingCpuAllocator* allocator = [] {
    auto* a = new CachingCpuAllocator(c10::GetCPUAllocator());
    c10::SetCPUAllocator(a, /*priority=*/1);
    return a;
  }();
  return allocator;
}

void large_delete(void* ptr) { instance()->release(ptr); }
void raw_delete(void* ptr) { instance()->release_any(ptr); }

// Installed when the shim is loaded, before the managed side creates any tensor.
[[maybe_unused]] const bool installed = (instance(), true);

}  // namespace

RT_API int32_t rt_cpu_cache_empty() {
  instance()->empty();
  return 0;
}

RT_API int32_t rt_cpu_cache_set_limit(int64_t max_idle_bytes) {
  if (max_idle_bytes < 0) {
    rt::set_last_error("the CPU cache limit must be 0 (off) or a positive number of bytes");
    return 1;
  }
  instance()->set_max_idle(size_t(max_idle_bytes));
  return 0;
}

RT_API int32_t rt_cpu_cache_stats(int64_t* idle_bytes, int64_t* live_bytes, int64_t* hits, int64_t* misses, int64_t* max_idle) {
  instance()->stats(idle_bytes, live_bytes, hits, misses, max_idle);
  return 0;
}

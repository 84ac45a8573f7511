using System.Runtime.InteropServices;

// Every argument is blittable, so calls go straight to native code without marshalling stubs.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

namespace ResNetTab.Torch.Native;

/// <summary>
/// P/Invoke declarations for the C ABI of the shim (native/src/*.cpp). Every function returning
/// <c>int</c> follows the status convention: 0 = success, non-zero = failure with the message in
/// <see cref="rt_last_error"/>. Always call them through <see cref="Check"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "resnettab_torch";

    static NativeMethods() => NativeLibraryLoader.Register();

    /// <summary>Throws <see cref="TorchException"/> with libtorch's message when a call failed.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status)
    {
        if (status != 0) ThrowLastError();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowLastError()
    {
        var message = Marshal.PtrToStringUTF8(rt_last_error()) ?? "unknown libtorch error";
        throw new TorchException(message);
    }

    // ---- errors, versions -----------------------------------------------------------------
    [DllImport(Library)] internal static extern IntPtr rt_last_error();
    [DllImport(Library)] internal static extern int rt_abi_version();
    [DllImport(Library)] internal static extern IntPtr rt_torch_version();
    [DllImport(Library)] internal static extern int rt_raise_for_test(byte* message);

    // ---- lifetime and metadata ------------------------------------------------------------
    [DllImport(Library)] internal static extern void rt_tensor_free(IntPtr t);
    [DllImport(Library)] internal static extern void rt_tensor_free_many(IntPtr* tensors, int count);
    [DllImport(Library)] internal static extern int rt_tensor_dim(IntPtr t, long* result);
    [DllImport(Library)] internal static extern int rt_tensor_shape(IntPtr t, long* buffer, int capacity, int* ndim);
    [DllImport(Library)] internal static extern int rt_tensor_numel(IntPtr t, long* result);
    [DllImport(Library)] internal static extern int rt_tensor_dtype(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int rt_tensor_device(IntPtr t, int* type, int* index);
    [DllImport(Library)] internal static extern int rt_tensor_is_contiguous(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int rt_tensor_to_string(IntPtr t, byte* buffer, int capacity, int* length);

    // ---- data -----------------------------------------------------------------------------
    [DllImport(Library)]
    internal static extern int rt_tensor_from_data(void* data, long bytes, long* shape, int ndim, int dtype,
        int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_tensor_copy_to(IntPtr t, int dtype, void* data, long bytes);
    [DllImport(Library)] internal static extern int rt_tensor_data_ptr(IntPtr t, void** result);
    [DllImport(Library)] internal static extern int rt_tensor_item(IntPtr t, double* asDouble, long* asLong);

    // ---- threads and global state ---------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_set_num_threads(int intraOp, int blas);
    [DllImport(Library)] internal static extern int rt_get_num_threads();
    [DllImport(Library)] internal static extern int rt_get_blas_num_threads();
    [DllImport(Library)] internal static extern int rt_set_num_interop_threads(int n);
    [DllImport(Library)] internal static extern int rt_get_num_interop_threads();
    [DllImport(Library)] internal static extern int rt_parallel_info(byte* buffer, int capacity, int* length);
    [DllImport(Library)] internal static extern int rt_manual_seed(long seed);
    [DllImport(Library)] internal static extern int rt_cpu_cache_empty();
    [DllImport(Library)] internal static extern int rt_cpu_cache_set_limit(long maxIdleBytes);
    [DllImport(Library)] internal static extern int rt_cpu_cache_stats(long* idleBytes, long* liveBytes, long* hits, long* misses, long* maxIdle);
    [DllImport(Library)] internal static extern int rt_cuda_is_available();
    [DllImport(Library)] internal static extern int rt_cuda_device_count();
    [DllImport(Library)] internal static extern int rt_is_grad_enabled();
    [DllImport(Library)] internal static extern void rt_set_grad_enabled(int enabled);

    // ---- creation -------------------------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_zeros(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ones(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_empty(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_full(long* shape, int ndim, NativeScalar value, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_scalar_tensor(NativeScalar value, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_arange(NativeScalar start, NativeScalar end, NativeScalar step, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_eye(long n, long m, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_randn(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_rand(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_randint(long low, long high, long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_randperm(long n, int dtype, int deviceType, int deviceIndex, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_zeros_like(IntPtr a, int dtype, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ones_like(IntPtr a, int dtype, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_empty_like(IntPtr a, int dtype, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_randn_like(IntPtr a, int dtype, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_rand_like(IntPtr a, int dtype, int requiresGrad, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_full_like(IntPtr a, NativeScalar value, int dtype, int requiresGrad, IntPtr* result);

    // ---- autograd -------------------------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_requires_grad(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int rt_set_requires_grad(IntPtr t, int value);
    [DllImport(Library)] internal static extern int rt_is_leaf(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int rt_grad(IntPtr t, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_set_grad(IntPtr t, IntPtr grad);
    [DllImport(Library)] internal static extern int rt_backward(IntPtr t, IntPtr grad, int retainGraph, int createGraph);
    [DllImport(Library)] internal static extern int rt_detach(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_detach_(IntPtr a);
    [DllImport(Library)] internal static extern int rt_clone(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_set_data(IntPtr t, IntPtr data);

    // ---- shape ----------------------------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_view(IntPtr a, long* shape, int ndim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_reshape(IntPtr a, long* shape, int ndim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_flatten(IntPtr a, long start, long end, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_unsqueeze(IntPtr a, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_squeeze(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_squeeze_dim(IntPtr a, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_permute(IntPtr a, long* dims, int ndim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_transpose(IntPtr a, long d0, long d1, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_t(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_contiguous(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_expand(IntPtr a, long* shape, int ndim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_repeat(IntPtr a, long* repeats, int ndim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_narrow(IntPtr a, long dim, long start, long length, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_select(IntPtr a, long dim, long index, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_slice(IntPtr a, long dim, long start, long end, long step, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_cat(IntPtr* tensors, int count, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_stack(IntPtr* tensors, int count, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_split(IntPtr a, long splitSize, long dim, IntPtr* buffer, int capacity, int* count);
    [DllImport(Library)] internal static extern int rt_split_with_sizes(IntPtr a, long* sizes, int nsizes, long dim, IntPtr* buffer, int capacity, int* count);
    [DllImport(Library)] internal static extern int rt_chunk(IntPtr a, long chunks, long dim, IntPtr* buffer, int capacity, int* count);
    [DllImport(Library)] internal static extern int rt_unbind(IntPtr a, long dim, IntPtr* buffer, int capacity, int* count);
    [DllImport(Library)] internal static extern int rt_to(IntPtr a, int dtype, int deviceType, int deviceIndex, int copy, IntPtr* result);

    // ---- elementwise and linear algebra -----------------------------------------------------
    [DllImport(Library)] internal static extern int rt_add(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_add_alpha(IntPtr a, IntPtr b, NativeScalar alpha, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sub(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_mul(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_div(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_remainder(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_pow(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_maximum(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_minimum(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_atan2(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_add_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sub_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_rsub_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_mul_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_div_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_rdiv_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_remainder_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_pow_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_rpow_scalar(NativeScalar s, IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_eq(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ne(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_lt(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_le(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_gt(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ge(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_eq_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ne_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_lt_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_le_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_gt_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ge_scalar(IntPtr a, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_logical_and(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_logical_or(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_logical_not(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_allclose(IntPtr a, IntPtr b, double rtol, double atol, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_neg(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_exp(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_log(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_log1p(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sqrt(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_rsqrt(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_abs(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sign(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_floor(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_ceil(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_round(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sin(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_cos(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_reciprocal(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_square(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sigmoid(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_tanh(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_relu(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_gelu(IntPtr a, int tanhApprox, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_softmax(IntPtr a, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_log_softmax(IntPtr a, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_isnan(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_isinf(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_isfinite(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_nan_to_num(IntPtr a, double nan, double posinf, double neginf, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_clamp(IntPtr a, int hasMin, NativeScalar min, int hasMax, NativeScalar max, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_where(IntPtr cond, IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_matmul(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_mm(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_bmm(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_dot(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_outer(IntPtr a, IntPtr b, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_addmm(IntPtr self, IntPtr m1, IntPtr m2, NativeScalar beta, NativeScalar alpha, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_cdist(IntPtr a, IntPtr b, double p, IntPtr* result);

    // ---- in place -------------------------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_add_(IntPtr a, IntPtr b, NativeScalar alpha);
    [DllImport(Library)] internal static extern int rt_add_scalar_(IntPtr a, NativeScalar s);
    [DllImport(Library)] internal static extern int rt_sub_(IntPtr a, IntPtr b, NativeScalar alpha);
    [DllImport(Library)] internal static extern int rt_mul_(IntPtr a, IntPtr b);
    [DllImport(Library)] internal static extern int rt_mul_scalar_(IntPtr a, NativeScalar s);
    [DllImport(Library)] internal static extern int rt_div_(IntPtr a, IntPtr b);
    [DllImport(Library)] internal static extern int rt_div_scalar_(IntPtr a, NativeScalar s);
    [DllImport(Library)] internal static extern int rt_addcmul_(IntPtr a, IntPtr t1, IntPtr t2, NativeScalar value);
    [DllImport(Library)] internal static extern int rt_addcdiv_(IntPtr a, IntPtr t1, IntPtr t2, NativeScalar value);
    [DllImport(Library)] internal static extern int rt_copy_(IntPtr a, IntPtr src);
    [DllImport(Library)] internal static extern int rt_zero_(IntPtr a);
    [DllImport(Library)] internal static extern int rt_fill_(IntPtr a, NativeScalar s);
    [DllImport(Library)] internal static extern int rt_clamp_(IntPtr a, int hasMin, NativeScalar min, int hasMax, NativeScalar max);
    [DllImport(Library)] internal static extern int rt_uniform_(IntPtr a, double from, double to);
    [DllImport(Library)] internal static extern int rt_normal_(IntPtr a, double mean, double std);
    [DllImport(Library)] internal static extern int rt_sqrt_(IntPtr a);
    [DllImport(Library)] internal static extern int rt_masked_fill_(IntPtr a, IntPtr mask, NativeScalar s);

    // ---- reductions -----------------------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_sum(IntPtr a, int dtype, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_sum_dims(IntPtr a, long* dims, int ndims, int keepdim, int dtype, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_mean(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_mean_dims(IntPtr a, long* dims, int ndims, int keepdim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_std(IntPtr a, int unbiased, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_std_dims(IntPtr a, long* dims, int ndims, int keepdim, int unbiased, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_var(IntPtr a, int unbiased, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_var_dims(IntPtr a, long* dims, int ndims, int keepdim, int unbiased, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_prod(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_max_all(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_min_all(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_argmax_all(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_argmin_all(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_argmax(IntPtr a, long dim, int keepdim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_argmin(IntPtr a, long dim, int keepdim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_norm(IntPtr a, double p, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_norm_dims(IntPtr a, double p, long* dims, int ndims, int keepdim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_logsumexp(IntPtr a, long* dims, int ndims, int keepdim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_cumsum(IntPtr a, long dim, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_all(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_any(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_max_dim(IntPtr a, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [DllImport(Library)] internal static extern int rt_min_dim(IntPtr a, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [DllImport(Library)] internal static extern int rt_topk(IntPtr a, long k, long dim, int largest, int sorted, IntPtr* values, IntPtr* indices);
    [DllImport(Library)] internal static extern int rt_sort(IntPtr a, long dim, int descending, int stable, IntPtr* values, IntPtr* indices);
    [DllImport(Library)] internal static extern int rt_kthvalue(IntPtr a, long k, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [DllImport(Library)] internal static extern int rt_argsort(IntPtr a, long dim, int descending, IntPtr* result);

    // ---- indexing -------------------------------------------------------------------------
    [DllImport(Library)] internal static extern int rt_index_select(IntPtr a, long dim, IntPtr index, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_gather(IntPtr a, long dim, IntPtr index, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_scatter(IntPtr a, long dim, IntPtr index, IntPtr src, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_scatter_add(IntPtr a, long dim, IntPtr index, IntPtr src, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_masked_select(IntPtr a, IntPtr mask, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_masked_fill(IntPtr a, IntPtr mask, NativeScalar s, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_nonzero(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_index(IntPtr a, IntPtr index, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_index_put_(IntPtr a, IntPtr index, IntPtr values);
}

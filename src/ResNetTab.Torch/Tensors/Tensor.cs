using System.Runtime.CompilerServices;
using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>
    /// A multi-dimensional array held by libtorch, with autograd support. Dispose it (or create it
    /// inside a <see cref="torch.NewDisposeScope"/>) to free its native memory deterministically.
    /// </summary>
    /// <remarks>
    /// A tensor that is never disposed is reclaimed after garbage collection: its finalizer only
    /// queues the native handle, which the next binding call on any thread releases, so libtorch is
    /// never entered from the finalizer thread. Using a disposed tensor throws
    /// <see cref="ObjectDisposedException"/>.
    /// </remarks>
    public partial class Tensor : IDisposable
    {
        private IntPtr handle;

        /// <summary>The dispose scope that will free this tensor, or null.</summary>
        internal DisposeScope? OwningScope;

        /// <summary>Takes ownership of a native tensor handle and registers with the thread's dispose scope.</summary>
        internal Tensor(IntPtr handle)
        {
            if (handle == IntPtr.Zero) throw new ArgumentNullException(nameof(handle), "native tensor handle is null");
            this.handle = handle;
            TensorStatistics.OnCreated();
            DisposeScopeManager.OnCreated(this);
        }

        /// <summary>Moves the native tensor of <paramref name="source"/> into a new object (used by subclasses such as parameters).</summary>
        /// <remarks>The source is left disposed; the new object registers with the current thread's dispose scope, if any.</remarks>
        protected Tensor(Tensor source)
        {
            ArgumentNullException.ThrowIfNull(source);
            handle = source.TakeHandle();
            TensorStatistics.OnCreated();
            DisposeScopeManager.OnCreated(this);
        }

        /// <summary>The native handle; throws when the tensor was disposed.</summary>
        internal IntPtr Handle
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                var h = handle;
                if (h == IntPtr.Zero) ThrowDisposed();
                return h;
            }
        }

        /// <summary>True once the tensor's native memory was released.</summary>
        public bool IsInvalid => handle == IntPtr.Zero;

        private IntPtr TakeHandle()
        {
            var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
            if (h == IntPtr.Zero) ThrowDisposed();
            GC.SuppressFinalize(this);
            TensorStatistics.OnMoved();
            return h;
        }

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        private void ThrowDisposed() =>
            throw new ObjectDisposedException(GetType().Name, "The tensor was disposed (directly or by its dispose scope) and can no longer be used.");

        /// <summary>Frees the native tensor now. Safe to call more than once.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the native tensor; <paramref name="disposing"/> is false on the finalizer thread.</summary>
        protected virtual void Dispose(bool disposing)
        {
            var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
            if (h == IntPtr.Zero) return;
            if (disposing)
            {
                NativeReleaseQueue.DrainIfAny();
                rt_tensor_free(h);
                TensorStatistics.OnDisposed();
            }
            else
            {
                NativeReleaseQueue.Enqueue(h);
            }
        }

        /// <summary>Queues the native handle for release on the next binding call.</summary>
        ~Tensor() => Dispose(false);

        /// <summary>
        /// Moves this tensor from its dispose scope to the enclosing one (or out of scopes entirely
        /// when there is none), so it survives the end of the current scope.
        /// </summary>
        public Tensor MoveToOuterDisposeScope()
        {
            OwningScope?.MoveToOuter<Tensor>(this);
            return this;
        }

        /// <summary>Removes this tensor from any dispose scope: the caller becomes responsible for disposing it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningScope?.Detach<Tensor>(this);
            return this;
        }

        // ---- helpers shared by the op files --------------------------------------------------

        /// <summary>Wraps a fresh handle returned by the shim.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Tensor Wrap(IntPtr result) => new(result);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe Tensor Call(delegate*<IntPtr, IntPtr*, int> fn, Tensor a)
        {
            NativeReleaseQueue.DrainIfAny();
            IntPtr r;
            Check(fn(a.Handle, &r));
            GC.KeepAlive(a);
            return new Tensor(r);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe Tensor Call(delegate*<IntPtr, IntPtr, IntPtr*, int> fn, Tensor a, Tensor b)
        {
            NativeReleaseQueue.DrainIfAny();
            IntPtr r;
            Check(fn(a.Handle, b.Handle, &r));
            GC.KeepAlive(a);
            GC.KeepAlive(b);
            return new Tensor(r);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe Tensor Call(delegate*<IntPtr, Native.NativeScalar, IntPtr*, int> fn, Tensor a, Native.NativeScalar s)
        {
            NativeReleaseQueue.DrainIfAny();
            IntPtr r;
            Check(fn(a.Handle, s, &r));
            GC.KeepAlive(a);
            return new Tensor(r);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe Tensor Call(delegate*<IntPtr, long, IntPtr*, int> fn, Tensor a, long arg)
        {
            NativeReleaseQueue.DrainIfAny();
            IntPtr r;
            Check(fn(a.Handle, arg, &r));
            GC.KeepAlive(a);
            return new Tensor(r);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe Tensor Call(delegate*<IntPtr, long*, int, IntPtr*, int> fn, Tensor a, ReadOnlySpan<long> values)
        {
            NativeReleaseQueue.DrainIfAny();
            IntPtr r;
            fixed (long* p = values) Check(fn(a.Handle, p, values.Length, &r));
            GC.KeepAlive(a);
            return new Tensor(r);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe void CallInPlace(delegate*<IntPtr, int> fn, Tensor a)
        {
            Check(fn(a.Handle));
            GC.KeepAlive(a);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe void CallInPlace(delegate*<IntPtr, Native.NativeScalar, int> fn, Tensor a, Native.NativeScalar s)
        {
            Check(fn(a.Handle, s));
            GC.KeepAlive(a);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe void CallInPlace(delegate*<IntPtr, IntPtr, int> fn, Tensor a, Tensor b)
        {
            Check(fn(a.Handle, b.Handle));
            GC.KeepAlive(a);
            GC.KeepAlive(b);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe (Tensor values, Tensor indices) WrapPair(IntPtr values, IntPtr indices) => (new Tensor(values), new Tensor(indices));
    }
}

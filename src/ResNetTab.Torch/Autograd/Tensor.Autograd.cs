using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Whether autograd records operations on this tensor.</summary>
        public unsafe bool requires_grad
        {
            get
            {
                int r;
                Check(rt_requires_grad(Handle, &r));
                GC.KeepAlive(this);
                return r != 0;
            }
            set
            {
                Check(rt_set_requires_grad(Handle, value ? 1 : 0));
                GC.KeepAlive(this);
            }
        }

        /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor.</summary>
        public Tensor requires_grad_(bool requires_grad = true)
        {
            this.requires_grad = requires_grad;
            return this;
        }

        /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
        public unsafe bool is_leaf
        {
            get
            {
                int r;
                Check(rt_is_leaf(Handle, &r));
                GC.KeepAlive(this);
                return r != 0;
            }
        }

        /// <summary>
        /// The accumulated gradient, or null when there is none. Each read returns a new tensor object
        /// sharing the gradient's storage; dispose it (or read it inside a dispose scope).
        /// </summary>
        public unsafe Tensor? grad
        {
            get
            {
                IntPtr r;
                Check(rt_grad(Handle, &r));
                GC.KeepAlive(this);
                return r == IntPtr.Zero ? null : Wrap(r);
            }
            set
            {
                Check(rt_set_grad(Handle, value is null ? IntPtr.Zero : value.Handle));
                GC.KeepAlive(this);
                GC.KeepAlive(value);
            }
        }

        /// <summary>
        /// Computes the gradient of this tensor with respect to the graph leaves. A non-scalar tensor
        /// needs <paramref name="gradient"/>; <paramref name="retain_graph"/> keeps the graph for another pass.
        /// </summary>
        public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
        {
            Check(rt_backward(Handle, gradient is null ? IntPtr.Zero : gradient.Handle,
                retain_graph is null ? -1 : retain_graph.Value ? 1 : 0, create_graph ? 1 : 0));
            GC.KeepAlive(this);
            GC.KeepAlive(gradient);
        }

        /// <summary>A tensor sharing this data but cut from the autograd graph.</summary>
        public unsafe Tensor detach() => Call(&rt_detach, this);

        /// <summary>Cuts this tensor from the autograd graph in place.</summary>
        public unsafe Tensor detach_()
        {
            CallInPlace(&rt_detach_, this);
            return this;
        }

        /// <summary>
        /// Replaces this tensor's data (shape, dtype, device may change) with <paramref name="data"/>'s,
        /// keeping this object, its identity and its leaf status, as PyTorch's <c>param.data = ...</c>.
        /// </summary>
        public void set_data(Tensor data)
        {
            Check(rt_set_data(Handle, data.Handle));
            GC.KeepAlive(this);
            GC.KeepAlive(data);
        }

        /// <summary>A copy of the data (recorded by autograd).</summary>
        public unsafe Tensor clone() => Call(&rt_clone, this);
    }
}

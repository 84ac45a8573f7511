using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        // Integral scalars (long) keep integral tensors integral, as PyTorch's Python ints do.

        /// <summary>this += other, in place; returns this.</summary>
        public Tensor add_(Tensor other) => AddInPlace(other, NativeScalar.From(1L));

        /// <summary>this += alpha × other, in place; returns this.</summary>
        public Tensor add_(Tensor other, double alpha) => AddInPlace(other, NativeScalar.From(alpha));

        /// <summary>this += alpha × other with an integral alpha, in place.</summary>
        public Tensor add_(Tensor other, long alpha) => AddInPlace(other, NativeScalar.From(alpha));

        private unsafe Tensor AddInPlace(Tensor other, NativeScalar alpha)
        {
            Check(rt_add_(Handle, other.Handle, alpha));
            GC.KeepAlive(other);
            return this;
        }

        /// <summary>this += scalar, in place.</summary>
        public unsafe Tensor add_(double scalar)
        {
            CallInPlace(&rt_add_scalar_, this, NativeScalar.From(scalar));
            return this;
        }

        /// <summary>this += integral scalar, in place.</summary>
        public unsafe Tensor add_(long scalar)
        {
            CallInPlace(&rt_add_scalar_, this, NativeScalar.From(scalar));
            return this;
        }

        /// <summary>this −= other, in place.</summary>
        public Tensor sub_(Tensor other) => SubInPlace(other, NativeScalar.From(1L));

        /// <summary>this −= alpha × other, in place.</summary>
        public Tensor sub_(Tensor other, double alpha) => SubInPlace(other, NativeScalar.From(alpha));

        /// <summary>this −= alpha × other with an integral alpha, in place.</summary>
        public Tensor sub_(Tensor other, long alpha) => SubInPlace(other, NativeScalar.From(alpha));

        private unsafe Tensor SubInPlace(Tensor other, NativeScalar alpha)
        {
            Check(rt_sub_(Handle, other.Handle, alpha));
            GC.KeepAlive(other);
            return this;
        }

        /// <summary>this −= scalar, in place.</summary>
        public unsafe Tensor sub_(double scalar)
        {
            CallInPlace(&rt_add_scalar_, this, NativeScalar.From(-scalar));
            return this;
        }

        /// <summary>this −= integral scalar, in place.</summary>
        public unsafe Tensor sub_(long scalar)
        {
            CallInPlace(&rt_add_scalar_, this, NativeScalar.From(-scalar));
            return this;
        }

        /// <summary>this ×= other, in place.</summary>
        public unsafe Tensor mul_(Tensor other)
        {
            CallInPlace(&rt_mul_, this, other);
            return this;
        }

        /// <summary>this ×= scalar, in place.</summary>
        public unsafe Tensor mul_(double scalar)
        {
            CallInPlace(&rt_mul_scalar_, this, NativeScalar.From(scalar));
            return this;
        }

        /// <summary>this ×= integral scalar, in place.</summary>
        public unsafe Tensor mul_(long scalar)
        {
            CallInPlace(&rt_mul_scalar_, this, NativeScalar.From(scalar));
            return this;
        }

        /// <summary>this ÷= other, in place.</summary>
        public unsafe Tensor div_(Tensor other)
        {
            CallInPlace(&rt_div_, this, other);
            return this;
        }

        /// <summary>this ÷= scalar, in place.</summary>
        public unsafe Tensor div_(double scalar)
        {
            CallInPlace(&rt_div_scalar_, this, NativeScalar.From(scalar));
            return this;
        }

        /// <summary>this += value × tensor1 × tensor2, in place.</summary>
        public unsafe Tensor addcmul_(Tensor tensor1, Tensor tensor2, double value = 1)
        {
            Check(rt_addcmul_(Handle, tensor1.Handle, tensor2.Handle, NativeScalar.From(value)));
            GC.KeepAlive(tensor1);
            GC.KeepAlive(tensor2);
            return this;
        }

        /// <summary>this += value × tensor1 ÷ tensor2, in place.</summary>
        public unsafe Tensor addcdiv_(Tensor tensor1, Tensor tensor2, double value = 1)
        {
            Check(rt_addcdiv_(Handle, tensor1.Handle, tensor2.Handle, NativeScalar.From(value)));
            GC.KeepAlive(tensor1);
            GC.KeepAlive(tensor2);
            return this;
        }

        /// <summary>Copies the elements of <paramref name="source"/> (broadcast, converted) into this tensor.</summary>
        public unsafe Tensor copy_(Tensor source)
        {
            CallInPlace(&rt_copy_, this, source);
            return this;
        }

        /// <summary>Sets every element to zero.</summary>
        public unsafe Tensor zero_()
        {
            CallInPlace(&rt_zero_, this);
            return this;
        }

        /// <summary>Sets every element to <paramref name="value"/>.</summary>
        public unsafe Tensor fill_(double value)
        {
            CallInPlace(&rt_fill_, this, NativeScalar.From(value));
            return this;
        }

        /// <summary>Sets every element to an integral value.</summary>
        public unsafe Tensor fill_(long value)
        {
            CallInPlace(&rt_fill_, this, NativeScalar.From(value));
            return this;
        }

        /// <summary>Clamps in place to [min, max]; either bound may be null.</summary>
        public Tensor clamp_(double? min = null, double? max = null) =>
            ClampInPlace(min.HasValue, NativeScalar.From(min ?? 0), max.HasValue, NativeScalar.From(max ?? 0));

        /// <summary>Clamps in place to integral bounds (an integral tensor stays integral); either bound may be null.</summary>
        public Tensor clamp_(long? min = null, long? max = null) =>
            ClampInPlace(min.HasValue, NativeScalar.From(min ?? 0), max.HasValue, NativeScalar.From(max ?? 0));

        private unsafe Tensor ClampInPlace(bool hasMin, NativeScalar min, bool hasMax, NativeScalar max)
        {
            if (!hasMin && !hasMax) throw new ArgumentException("clamp_ needs at least one of min and max");
            Check(rt_clamp_(Handle, hasMin ? 1 : 0, min, hasMax ? 1 : 0, max));
            GC.KeepAlive(this);
            return this;
        }

        /// <summary>Fills with samples uniform in [from, to).</summary>
        public unsafe Tensor uniform_(double from = 0, double to = 1)
        {
            Check(rt_uniform_(Handle, from, to));
            GC.KeepAlive(this);
            return this;
        }

        /// <summary>Fills with normal samples.</summary>
        public unsafe Tensor normal_(double mean = 0, double std = 1)
        {
            Check(rt_normal_(Handle, mean, std));
            GC.KeepAlive(this);
            return this;
        }

        /// <summary>Square root in place.</summary>
        public unsafe Tensor sqrt_()
        {
            CallInPlace(&rt_sqrt_, this);
            return this;
        }

        /// <summary>Sets the elements where <paramref name="mask"/> is true to <paramref name="value"/>, in place.</summary>
        public unsafe Tensor masked_fill_(Tensor mask, double value)
        {
            Check(rt_masked_fill_(Handle, mask.Handle, NativeScalar.From(value)));
            GC.KeepAlive(this);
            GC.KeepAlive(mask);
            return this;
        }

        /// <summary>this[index] = values, in place (index: int64 rows or a bool mask).</summary>
        public unsafe Tensor index_put_(Tensor index, Tensor values)
        {
            Check(rt_index_put_(Handle, index.Handle, values.Handle));
            GC.KeepAlive(this);
            GC.KeepAlive(index);
            GC.KeepAlive(values);
            return this;
        }
    }
}

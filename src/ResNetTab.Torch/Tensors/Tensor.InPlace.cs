using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>this += alpha × other, in place; returns this.</summary>
        public unsafe Tensor add_(Tensor other, double alpha = 1)
        {
            Check(rt_add_(Handle, other.Handle, NativeScalar.From(alpha)));
            GC.KeepAlive(other);
            return this;
        }

        /// <summary>this += scalar, in place.</summary>
        public unsafe Tensor add_(double scalar)
        {
            CallInPlace(&rt_add_scalar_, this, NativeScalar.From(scalar));
            return this;
        }

        /// <summary>this −= alpha × other, in place.</summary>
        public unsafe Tensor sub_(Tensor other, double alpha = 1)
        {
            Check(rt_sub_(Handle, other.Handle, NativeScalar.From(alpha)));
            GC.KeepAlive(other);
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

        /// <summary>Clamps in place to [min, max]; either bound may be null.</summary>
        public unsafe Tensor clamp_(double? min = null, double? max = null)
        {
            if (min is null && max is null) throw new ArgumentException("clamp_ needs at least one of min and max");
            Check(rt_clamp_(Handle, min.HasValue ? 1 : 0, NativeScalar.From(min ?? 0), max.HasValue ? 1 : 0, NativeScalar.From(max ?? 0)));
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

#!/usr/bin/python3
"""Writes the PyTorch reference values the binding's op tests compare against.

Run from anywhere with the system interpreter (PyTorch 1.13):

    /usr/bin/python3 tests/ResNetTab.Torch.Tests/Oracle/generate_oracle.py

Inputs are built from explicit literals and arange-based formulas (never from torch's random
generator, except in the seeded-stream cases, which check that the binding drives libtorch's own
generator exactly as PyTorch does). Each JSON file holds a list of cases:

    {"name": ..., "op": ..., "inputs": [tensor, ...], "args": {...}, "outputs": [tensor, ...]}

where a tensor is {"dtype": "float32", "shape": [2, 3], "values": [row-major values]}; bool values
are written as 0/1, non-finite floats as the strings "nan", "inf" and "-inf", and float32 values as
the shortest decimal that converts back to the same float32.
"""

import json
import math
import os

import numpy
import torch

torch.set_num_threads(1)
torch.manual_seed(0)

HERE = os.path.dirname(os.path.abspath(__file__))

DTYPES = {
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "int32": torch.int32,
    "uint8": torch.uint8,
    "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}
F32, F64, I64, I32, U8, B = (DTYPES[k] for k in ("float32", "float64", "int64", "int32", "uint8", "bool"))


def enc_value(v, dt):
    if dt == "bool":
        return 1 if v else 0
    if dt in ("int64", "int32", "uint8"):
        return int(v)
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if dt == "float32":
        # The shortest decimal that reads back as the same float32 (keeps the files small).
        return float(str(numpy.float32(f)))
    return f


def enc(t):
    t = t.detach()
    dt = NAMES[t.dtype]
    return {"dtype": dt, "shape": list(t.shape), "values": [enc_value(v, dt) for v in t.reshape(-1).tolist()]}


def enc_arg(v):
    if isinstance(v, float) and not math.isfinite(v):
        return enc_value(v, "float64")
    if isinstance(v, torch.dtype):
        return NAMES[v]
    if isinstance(v, (list, tuple)):
        return [enc_arg(x) for x in v]
    return v


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def vals(shape, dtype=F32, offset=0, scale=0.1):
    """Distinct values in [-5, 5] (for up to 101 elements): ((37 i + offset) mod 101 - 50) * scale."""
    i = torch.arange(numel(shape), dtype=torch.float64)
    v = ((i * 37 + offset) % 101 - 50) * scale
    return v.to(dtype).reshape(shape)


def ints(shape, dtype=I64, offset=0, modulus=11, shift=5):
    i = torch.arange(numel(shape), dtype=torch.int64)
    return ((i * 7 + offset) % modulus - shift).to(dtype).reshape(shape)


def pos(shape, dtype=F32, offset=0):
    """Distinct positive values in [0.15, 5.15]."""
    return (vals(shape, F64, offset) + 5.15).to(dtype)


def t(values, dtype=F32, shape=None):
    x = torch.tensor(values, dtype=dtype)
    return x if shape is None else x.reshape(shape)


class Cases:
    def __init__(self, filename):
        self.filename = filename
        self.cases = []
        self.names = set()

    def add(self, name, op, inputs, outputs, **args):
        assert name not in self.names, name
        self.names.add(name)
        if isinstance(outputs, torch.Tensor):
            outputs = [outputs]
        self.cases.append({
            "name": name,
            "op": op,
            "inputs": [enc(x) for x in inputs],
            "args": {k: enc_arg(v) for k, v in args.items()},
            "outputs": [enc(o) for o in outputs],
        })

    def write(self):
        path = os.path.join(HERE, self.filename)
        with open(path, "w") as f:
            json.dump({"torch_version": torch.__version__, "cases": self.cases}, f, separators=(",", ":"))
            f.write("\n")
        print(f"{self.filename}: {len(self.cases)} cases, {os.path.getsize(path)} bytes")


# ---------------------------------------------------------------------------------------------
# creation.json
# ---------------------------------------------------------------------------------------------
def creation():
    c = Cases("creation.json")
    c.add("zeros_f32", "zeros", [], torch.zeros(2, 3), shape=[2, 3])
    c.add("zeros_i64", "zeros", [], torch.zeros(2, 2, dtype=I64), shape=[2, 2], dtype=I64)
    c.add("zeros_empty_dim", "zeros", [], torch.zeros(0, 3), shape=[0, 3])
    c.add("ones_f64", "ones", [], torch.ones(3, 1, dtype=F64), shape=[3, 1], dtype=F64)
    c.add("ones_bool", "ones", [], torch.ones(2, dtype=B), shape=[2], dtype=B)
    c.add("full_f32", "full", [], torch.full((2, 3), 2.5), shape=[2, 3], value=2.5)
    c.add("full_i64", "full", [], torch.full((3,), 7, dtype=I64), shape=[3], value=7.0, dtype=I64)
    c.add("full_u8", "full", [], torch.full((2, 2), 200, dtype=U8), shape=[2, 2], value=200.0, dtype=U8)
    c.add("eye_3", "eye", [], torch.eye(3), n=3)
    c.add("eye_2x4", "eye", [], torch.eye(2, 4), n=2, m=4)
    c.add("eye_i64", "eye", [], torch.eye(3, 2, dtype=I64), n=3, m=2, dtype=I64)
    c.add("arange_end", "arange_long", [], torch.arange(5), start=0, end=5, step=1)
    c.add("arange_step", "arange_long", [], torch.arange(2, 11, 3), start=2, end=11, step=3)
    c.add("arange_negative", "arange_long", [], torch.arange(-3, 3), start=-3, end=3, step=1)
    c.add("arange_descending", "arange_long", [], torch.arange(5, 0, -2), start=5, end=0, step=-2)
    c.add("arange_long_as_f32", "arange_long", [], torch.arange(0, 4, 1, dtype=F32), start=0, end=4, step=1, dtype=F32)
    c.add("arange_double", "arange_double", [], torch.arange(0.0, 1.0, 0.25), start=0.0, end=1.0, step=0.25)
    c.add("arange_double_f64", "arange_double", [], torch.arange(1.0, 2.0, 0.3, dtype=F64), start=1.0, end=2.0, step=0.3, dtype=F64)
    c.add("linspace_5", "linspace", [], torch.linspace(0, 1, 5), start=0.0, end=1.0, steps=5)
    c.add("linspace_f64", "linspace", [], torch.linspace(-2, 3, 7, dtype=F64), start=-2.0, end=3.0, steps=7, dtype=F64)
    c.add("linspace_1", "linspace", [], torch.linspace(3, 9, 1), start=3.0, end=9.0, steps=1)
    src = ints([2, 3])
    c.add("zeros_like_i64", "zeros_like", [src], torch.zeros_like(src))
    c.add("ones_like_as_f64", "ones_like", [src], torch.ones_like(src, dtype=F64), dtype=F64)
    c.add("full_like_i64", "full_like", [src], torch.full_like(src, 4), value=4.0)
    c.add("full_like_as_f32", "full_like", [src], torch.full_like(src, -1.5, dtype=F32), value=-1.5, dtype=F32)
    c.add("scalar_float", "scalar_float", [], torch.tensor(3.5), value=3.5)
    c.add("scalar_double", "scalar_double", [], torch.tensor(0.1, dtype=F64), value=0.1)
    c.add("scalar_long", "scalar_long", [], torch.tensor(-42), value=-42)
    c.add("scalar_bool", "scalar_bool", [], torch.tensor(True), value=True)
    for name, x in [
        ("f32", vals([2, 3])),
        ("f64", vals([3, 2], F64, scale=0.37)),
        ("i64", ints([4])),
        ("i32", ints([2, 2], I32)),
        ("u8", t([0, 1, 127, 128, 255], U8)),
        ("bool", t([True, False, True, True], B, [2, 2])),
        ("f32_specials", t([float("nan"), float("inf"), -float("inf"), -0.0, 1e-30, 3.4e38])),
    ]:
        c.add("roundtrip_" + name, "roundtrip", [x], x)
    conv = t([-2.7, -1.5, -0.5, 0.0, 0.4, 1.5, 2.9, 100.25])
    c.add("to_f32_i64", "to", [conv], conv.to(I64), dtype=I64)
    c.add("to_f32_i32", "to", [conv], conv.to(I32), dtype=I32)
    c.add("to_f32_bool", "to", [conv], conv.to(B), dtype=B)
    c.add("to_f32_f64", "to", [conv], conv.to(F64), dtype=F64)
    c.add("to_u8_f32", "to", [t([0, 3, 250], U8)], t([0, 3, 250], U8).to(F32), dtype=F32)
    c.add("to_f64_f32_rounding", "to", [t([0.1, 1 / 3, 1e-40, 1e300], F64)], t([0.1, 1 / 3, 1e-40, 1e300], F64).to(F32), dtype=F32)
    c.add("to_i64_bool", "to", [t([0, 2, -1], I64)], t([0, 2, -1], I64).to(B), dtype=B)
    c.add("to_bool_f32", "to", [t([True, False], B)], t([True, False], B).to(F32), dtype=F32)
    c.add("to_i64_u8_wraps", "to", [t([-1, 256, 300], I64)], t([-1, 256, 300], I64).to(U8), dtype=U8)
    # libtorch's CPU generator is the one PyTorch uses: the same seed gives the same stream.
    torch.manual_seed(1234)
    c.add("seeded_randn", "seeded_randn", [], torch.randn(6), seed=1234, shape=[6])
    torch.manual_seed(1234)
    c.add("seeded_randn_long", "seeded_randn", [], torch.randn(2, 10), seed=1234, shape=[2, 10])
    torch.manual_seed(99)
    c.add("seeded_rand", "seeded_rand", [], torch.rand(5), seed=99, shape=[5])
    torch.manual_seed(7)
    c.add("seeded_randint", "seeded_randint", [], torch.randint(-3, 10, (8,)), seed=7, low=-3, high=10, shape=[8])
    torch.manual_seed(5)
    c.add("seeded_randperm", "seeded_randperm", [], torch.randperm(7), seed=5, n=7)
    c.write()


# ---------------------------------------------------------------------------------------------
# shape.json
# ---------------------------------------------------------------------------------------------
def shape_ops():
    c = Cases("shape.json")
    x = vals([2, 3, 4])
    m = vals([3, 4], offset=5)
    c.add("view_6x4", "view", [x], x.view(6, 4), shape=[6, 4])
    c.add("view_infer", "view", [x], x.view(-1, 2), shape=[-1, 2])
    c.add("view_i64", "view", [ints([6])], ints([6]).view(3, 2), shape=[3, 2])
    c.add("reshape_infer", "reshape", [x], x.reshape(2, -1, 3), shape=[2, -1, 3])
    c.add("reshape_flat", "reshape", [x], x.reshape(-1), shape=[-1])
    c.add("reshape_of_transposed", "reshape_t", [m], m.t().reshape(2, 6), shape=[2, 6])
    c.add("flatten_all", "flatten", [x], x.flatten())
    c.add("flatten_from1", "flatten", [x], x.flatten(1), start_dim=1)
    c.add("flatten_0_1", "flatten", [x], x.flatten(0, 1), start_dim=0, end_dim=1)
    c.add("unsqueeze_0", "unsqueeze", [m], m.unsqueeze(0), dim=0)
    c.add("unsqueeze_last", "unsqueeze", [m], m.unsqueeze(-1), dim=-1)
    s = vals([1, 3, 1, 2])
    c.add("squeeze_all", "squeeze", [s], s.squeeze())
    c.add("squeeze_dim2", "squeeze", [s], s.squeeze(2), dim=2)
    c.add("squeeze_dim_not_one", "squeeze", [s], s.squeeze(1), dim=1)
    c.add("permute_201", "permute", [x], x.permute(2, 0, 1), dims=[2, 0, 1])
    c.add("permute_negative", "permute", [x], x.permute(-1, -2, 0), dims=[-1, -2, 0])
    c.add("transpose_0_2", "transpose", [x], x.transpose(0, 2), dim0=0, dim1=2)
    c.add("transpose_neg", "transpose", [x], x.transpose(-1, -2), dim0=-1, dim1=-2)
    c.add("t_2d", "t", [m], m.t())
    c.add("t_1d", "t", [vals([4])], vals([4]).t())
    c.add("T_property", "T", [m], m.T)
    c.add("contiguous_of_transposed", "contiguous_t", [m], m.t().contiguous())
    col = vals([3, 1])
    c.add("expand_3x4", "expand", [col], col.expand(3, 4), shape=[3, 4])
    c.add("expand_keep", "expand", [col], col.expand(2, -1, 5), shape=[2, -1, 5])
    c.add("expand_new_dim", "expand", [vals([3])], vals([3]).expand(2, 3), shape=[2, 3])
    sq = vals([2, 2])
    c.add("repeat_2x3", "repeat", [sq], sq.repeat(2, 3), repeats=[2, 3])
    c.add("repeat_new_dim", "repeat", [sq], sq.repeat(2, 1, 1), repeats=[2, 1, 1])
    c.add("repeat_i64", "repeat", [ints([3])], ints([3]).repeat(2), repeats=[2])
    c.add("narrow_1", "narrow", [m], m.narrow(1, 1, 2), dim=1, start=1, length=2)
    c.add("narrow_0", "narrow", [x], x.narrow(0, 1, 1), dim=0, start=1, length=1)
    c.add("select_0", "select", [x], x.select(0, 1), dim=0, index=1)
    c.add("select_neg", "select", [m], m.select(1, -1), dim=1, index=-1)
    c.add("index_long", "index_long", [m], m[2], index=2)
    c.add("slice_step2", "slice", [m], m[:, 0:4:2], dim=1, start=0, end=4, step=2)
    c.add("slice_step3", "slice", [vals([10])], vals([10])[1:10:3], dim=0, start=1, end=10, step=3)
    c.add("slice_end_clamped", "slice", [m], m[1:100], dim=0, start=1, end=100, step=1)
    a, b = vals([2, 3]), vals([1, 3], offset=9)
    c.add("cat_dim0", "cat", [a, b], torch.cat([a, b], 0), dim=0)
    c.add("cat_dim1", "cat", [a, vals([2, 2], offset=3)], torch.cat([a, vals([2, 2], offset=3)], 1), dim=1)
    c.add("cat_three_i64", "cat", [ints([2]), ints([3], offset=1), ints([1], offset=2)],
          torch.cat([ints([2]), ints([3], offset=1), ints([1], offset=2)]), dim=0)
    a2 = vals([2, 3], offset=17)
    c.add("stack_dim0", "stack", [a, a2], torch.stack([a, a2], 0), dim=0)
    c.add("stack_dim1", "stack", [a, a2], torch.stack([a, a2], 1), dim=1)
    c.add("stack_last", "stack", [a, a2, a], torch.stack([a, a2, a], -1), dim=-1)
    five = vals([5, 2])
    c.add("split_2", "split", [five], list(five.split(2)), split_size=2, dim=0)
    c.add("split_dim1", "split", [m], list(m.split(3, 1)), split_size=3, dim=1)
    c.add("split_sizes", "split_sizes", [five], list(five.split([1, 3, 1])), split_sizes=[1, 3, 1], dim=0)
    seven = vals([7])
    c.add("chunk_3", "chunk", [seven], list(seven.chunk(3)), chunks=3, dim=0)
    c.add("chunk_dim1", "chunk", [m], list(m.chunk(2, 1)), chunks=2, dim=1)
    c.add("unbind_0", "unbind", [m], list(m.unbind(0)), dim=0)
    c.add("unbind_1", "unbind", [m], list(m.unbind(1)), dim=1)
    c.write()


# ---------------------------------------------------------------------------------------------
# math.json
# ---------------------------------------------------------------------------------------------
def math_ops():
    c = Cases("math.json")
    x = vals([3, 4])
    xd = vals([3, 4], F64, scale=0.0731)
    p = pos([3, 4])
    pd = pos([2, 5], F64, offset=3)
    unary = ["neg", "exp", "abs", "sign", "floor", "ceil", "sin", "cos", "square", "sigmoid", "tanh", "relu"]
    for op in unary:
        c.add(op + "_f32", op, [x], getattr(x, op)())
        c.add(op + "_f64", op, [xd], getattr(xd, op)())
    for op in ["log", "log1p", "sqrt", "rsqrt", "reciprocal"]:
        c.add(op + "_f32", op, [p], getattr(p, op)())
        c.add(op + "_f64", op, [pd], getattr(pd, op)())
    halves = t([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.51, 3.7, 0.0])
    c.add("round_half_even", "round", [halves], halves.round())
    c.add("floor_halves", "floor", [halves], halves.floor())
    c.add("sign_zero", "sign", [t([-3.0, 0.0, 2.0])], t([-3.0, 0.0, 2.0]).sign())
    c.add("abs_i64", "abs", [ints([6])], ints([6]).abs())
    c.add("neg_i64", "neg", [ints([6])], ints([6]).neg())
    c.add("relu_i64", "relu", [ints([6])], ints([6]).relu())
    c.add("exp_i64_promotes", "exp", [ints([4])], ints([4]).exp())
    c.add("sqrt_i64_promotes", "sqrt", [t([0, 1, 4, 9], I64)], t([0, 1, 4, 9], I64).sqrt())
    c.add("log_zero_and_negative", "log", [t([0.0, -1.0, 1.0])], t([0.0, -1.0, 1.0]).log())
    c.add("sigmoid_extremes", "sigmoid", [t([-100.0, -20.0, 0.0, 20.0, 100.0])], t([-100.0, -20.0, 0.0, 20.0, 100.0]).sigmoid())
    for approx in ["none", "tanh"]:
        c.add("gelu_" + approx + "_f32", "gelu", [x], torch.nn.functional.gelu(x, approximate=approx), approximate=approx)
        c.add("gelu_" + approx + "_f64", "gelu", [xd], torch.nn.functional.gelu(xd, approximate=approx), approximate=approx)
    for d in [0, 1, -1]:
        c.add(f"softmax_dim{d}", "softmax", [x], x.softmax(d), dim=d)
        c.add(f"log_softmax_dim{d}", "log_softmax", [x], x.log_softmax(d), dim=d)
    big = t([1000.0, 1001.0, 1002.0, -1000.0])
    c.add("softmax_large_f32", "softmax", [big], big.softmax(0), dim=0)
    c.add("log_softmax_large_f32", "log_softmax", [big], big.log_softmax(0), dim=0)
    c.add("softmax_f64", "softmax", [xd], xd.softmax(1), dim=1)
    c.add("log_softmax_f64", "log_softmax", [vals([2, 3, 4], F64)], vals([2, 3, 4], F64).log_softmax(1), dim=1)
    sp = t([1.0, float("nan"), float("inf"), -float("inf"), -2.0, 0.0])
    spd = sp.to(F64)
    c.add("isnan", "isnan", [sp], sp.isnan())
    c.add("isinf", "isinf", [sp], sp.isinf())
    c.add("isfinite", "isfinite", [sp], sp.isfinite())
    c.add("isnan_i64", "isnan", [ints([3])], ints([3]).isnan())
    c.add("nan_to_num_default_f32", "nan_to_num", [sp], sp.nan_to_num())
    c.add("nan_to_num_default_f64", "nan_to_num", [spd], spd.nan_to_num())
    c.add("nan_to_num_custom", "nan_to_num", [sp], sp.nan_to_num(nan=-9.0, posinf=100.0, neginf=-100.0), nan=-9.0, posinf=100.0, neginf=-100.0)
    c.add("nan_to_num_posinf_only", "nan_to_num", [sp], sp.nan_to_num(posinf=5.0), posinf=5.0)
    c.add("clamp_both", "clamp", [x], x.clamp(-1.0, 2.0), min=-1.0, max=2.0)
    c.add("clamp_min", "clamp", [x], x.clamp(min=0.5), min=0.5)
    c.add("clamp_max", "clamp", [xd], xd.clamp(max=-0.1), max=-0.1)
    c.add("clamp_i64", "clamp", [ints([8])], ints([8]).clamp(-2, 3), min=-2.0, max=3.0)
    c.add("pow_2", "pow_scalar", [x], x.pow(2.0), exponent=2.0)
    c.add("pow_half", "pow_scalar", [p], p.pow(0.5), exponent=0.5)
    c.add("pow_minus1", "pow_scalar", [p], p.pow(-1.0), exponent=-1.0)
    c.add("pow_3_f64", "pow_scalar", [xd], xd.pow(3.0), exponent=3.0)
    c.add("pow_2_i64", "pow_scalar", [ints([5])], ints([5]).pow(2.0), exponent=2.0)
    e = vals([3, 4], offset=11, scale=0.05)
    c.add("pow_tensor", "pow", [p, e], p.pow(e))
    c.add("pow_tensor_i64", "pow", [t([2, 3, -2], I64), t([3, 2, 3], I64)], t([2, 3, -2], I64).pow(t([3, 2, 3], I64)))
    y = vals([3, 4], offset=29)
    c.add("maximum", "maximum", [x, y], x.maximum(y))
    c.add("minimum", "minimum", [x, y], x.minimum(y))
    c.add("maximum_broadcast_i64", "maximum", [ints([2, 3]), t([0], I64)], ints([2, 3]).maximum(t([0], I64)))
    c.add("minimum_nan", "minimum", [sp, t([0.0] * 6)], sp.minimum(t([0.0] * 6)))
    c.add("atan2", "atan2", [x, y], x.atan2(y))
    c.add("remainder_tensor", "remainder", [x, pos([3, 4], offset=3)], x.remainder(pos([3, 4], offset=3)))
    c.add("remainder_i64", "remainder", [ints([6]), t([3, -3, 4, -4, 5, 2], I64)], ints([6]).remainder(t([3, -3, 4, -4, 5, 2], I64)))
    c.add("remainder_scalar_neg", "remainder_scalar", [x], x.remainder(-1.5), scalar=-1.5)
    # linear algebra
    a = vals([3, 4])
    b = vals([4, 2], offset=13)
    v4 = vals([4], offset=7)
    w4 = vals([4], offset=41)
    c.add("matmul_2d", "matmul", [a, b], a.matmul(b))
    c.add("matmul_1d_1d", "matmul", [v4, w4], v4.matmul(w4))
    c.add("matmul_2d_1d", "matmul", [a, v4], a.matmul(v4))
    c.add("matmul_1d_2d", "matmul", [v4, b], v4.matmul(b))
    ab = vals([2, 3, 4], offset=3)
    c.add("matmul_batched_broadcast", "matmul", [ab, b], ab.matmul(b))
    c.add("matmul_batch_both", "matmul", [ab, vals([2, 4, 2], offset=8)], ab.matmul(vals([2, 4, 2], offset=8)))
    c.add("matmul_f64", "matmul", [vals([3, 4], F64, scale=0.0137), vals([4, 5], F64, offset=2, scale=0.0291)],
          vals([3, 4], F64, scale=0.0137).matmul(vals([4, 5], F64, offset=2, scale=0.0291)))
    c.add("matmul_i64", "matmul", [ints([2, 3]), ints([3, 2], offset=4)], ints([2, 3]).matmul(ints([3, 2], offset=4)))
    c.add("mm", "mm", [a, b], a.mm(b))
    c.add("bmm", "bmm", [ab, vals([2, 4, 3], offset=19)], ab.bmm(vals([2, 4, 3], offset=19)))
    bias = vals([3, 2], offset=23)
    c.add("addmm", "addmm", [bias, a, b], bias.addmm(a, b))
    c.add("addmm_beta_alpha", "addmm", [bias, a, b], bias.addmm(a, b, beta=0.5, alpha=-2.0), beta=0.5, alpha=-2.0)
    c.add("addmm_broadcast_bias", "addmm", [vals([2], offset=4), a, b], vals([2], offset=4).addmm(a, b))
    c.add("dot", "dot", [v4, w4], v4.dot(w4))
    c.add("dot_i64", "dot", [ints([4]), ints([4], offset=3)], ints([4]).dot(ints([4], offset=3)))
    c.add("outer", "outer", [v4, vals([3], offset=2)], v4.outer(vals([3], offset=2)))
    p1 = vals([4, 3])
    p2 = vals([5, 3], offset=31)
    for pn in [2.0, 1.0, 3.0, float("inf")]:
        c.add(f"cdist_p{pn}", "cdist", [p1, p2], torch.cdist(p1, p2, p=pn), p=pn)
    c.add("cdist_f64", "cdist", [p1.double(), p2.double()], torch.cdist(p1.double(), p2.double()), p=2.0)
    c.add("cdist_batched", "cdist", [vals([2, 3, 2]), vals([2, 4, 2], offset=5)],
          torch.cdist(vals([2, 3, 2]), vals([2, 4, 2], offset=5)), p=2.0)
    # logic
    m1 = t([True, True, False, False], B)
    m2 = t([True, False, True, False], B)
    c.add("logical_and", "logical_and", [m1, m2], m1.logical_and(m2))
    c.add("logical_or", "logical_or", [m1, m2], m1.logical_or(m2))
    c.add("logical_not", "logical_not", [m1], m1.logical_not())
    c.add("logical_and_numbers", "logical_and", [t([0.0, 2.0, -1.0]), t([1, 0, 3], I64)], t([0.0, 2.0, -1.0]).logical_and(t([1, 0, 3], I64)))
    c.add("logical_not_i64", "logical_not", [t([0, 5, -1], I64)], t([0, 5, -1], I64).logical_not())
    c.write()


# ---------------------------------------------------------------------------------------------
# operators.json: operators, scalars on both sides, type promotion, comparisons
# ---------------------------------------------------------------------------------------------
def operator_ops():
    c = Cases("operators.json")
    fa = vals([2, 3])
    fb = vals([2, 3], offset=50)
    fb_nz = pos([2, 3], offset=8)
    ia = ints([2, 3])
    ib = t([3, -2, 5, 1, -4, 7], I64, [2, 3])

    def tt(name, a, b, op, fn):
        c.add(name, "tensor_tensor", [a, b], fn(a, b), operator=op)

    def ts(name, a, s, kind, op, fn):
        c.add(name, "tensor_scalar", [a], fn(a, s), operator=op, scalar=s, kind=kind)

    def st(name, s, a, kind, op, fn):
        c.add(name, "scalar_tensor", [a], fn(s, a), operator=op, scalar=s, kind=kind)

    ops = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "%": lambda a, b: a % b,
        "<": lambda a, b: a < b,
        ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
        "eq": lambda a, b: a == b,
        "ne": lambda a, b: a != b,
    }
    for op, fn in ops.items():
        tag = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "rem", "<": "lt", ">": "gt", "<=": "le", ">=": "ge"}.get(op, op)
        tt(f"f32_{tag}_f32", fa, fb_nz if op in "/%" else fb, op, fn)
        tt(f"i64_{tag}_i64", ia, ib, op, fn)
    # broadcasting
    tt("broadcast_row", vals([2, 3]), vals([3], offset=4), "+", ops["+"])
    tt("broadcast_outer", vals([2, 1]), vals([1, 3], offset=4), "*", ops["*"])
    tt("broadcast_3d", vals([2, 1, 3]), vals([4, 1], offset=9), "-", ops["-"])
    tt("broadcast_compare", vals([3, 1]), vals([1, 4], offset=9), "<", ops["<"])
    tt("eq_with_ties", t([1.0, 2.0, 3.0, 2.0]), t([1.0, 0.0, 3.0, 2.5]), "eq", ops["eq"])
    # type promotion between tensors
    i32 = ints([4], I32)
    u8 = t([0, 5, 200, 255], U8)
    f64 = vals([4], F64, scale=0.123)
    f32 = vals([4], offset=3)
    i64 = ints([4], offset=2)
    tt("promote_i32_i64", i32, i64, "+", ops["+"])
    tt("promote_i32_f32", i32, f32, "+", ops["+"])
    tt("promote_u8_i64", u8, i64, "+", ops["+"])
    tt("promote_u8_u8_wraps", u8, t([10, 10, 100, 1], U8), "+", ops["+"])
    tt("promote_f32_f64", f32, f64, "*", ops["*"])
    tt("promote_i64_f64", i64, f64, "-", ops["-"])
    tt("promote_bool_i64", t([True, False, True, False], B), i64, "+", ops["+"])
    tt("promote_bool_f32", t([True, False, True, False], B), f32, "*", ops["*"])
    tt("promote_zero_dim_f64_keeps_f32", f32, torch.tensor(1.5, dtype=F64), "+", ops["+"])
    tt("promote_zero_dim_f64_with_i64", i64, torch.tensor(1.5, dtype=F64), "+", ops["+"])
    tt("promote_zero_dim_i64_with_i32", i32, torch.tensor(3), "*", ops["*"])
    tt("div_i64_i64_true_division", t([7, -7, 1, 0], I64), t([2, 2, 3, 5], I64), "/", ops["/"])
    tt("div_i32_i32_true_division", t([7, -7, 1], I32), t([2, 2, 3], I32), "/", ops["/"])
    tt("div_by_zero_f32", t([1.0, -1.0, 0.0]), t([0.0, 0.0, 0.0]), "/", ops["/"])
    tt("rem_i64_negative", t([7, -7, 7, -7], I64), t([3, 3, -3, -3], I64), "%", ops["%"])
    tt("rem_f32_negative", t([5.5, -5.5, 5.5, -5.5]), t([2.0, 2.0, -2.0, -2.0]), "%", ops["%"])
    # scalars on the right
    for s, kind in [(2, "long"), (1.5, "double"), (-3, "long"), (0.25, "double")]:
        for op in ["+", "-", "*", "/", "%"]:
            tag = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "rem"}[op]
            ts(f"i64_{tag}_{kind}_{s}", ia, s, kind, op, ops[op])
            ts(f"f32_{tag}_{kind}_{s}", fa, s, kind, op, ops[op])
    ts("i32_add_long_stays_i32", i32, 1, "long", "+", ops["+"])
    ts("i32_mul_double_f32", i32, 0.5, "double", "*", ops["*"])
    ts("u8_add_long_stays_u8", u8, 1, "long", "+", ops["+"])
    ts("f64_mul_double_stays_f64", f64, 2.5, "double", "*", ops["*"])
    ts("f64_add_long_stays_f64", f64, 3, "long", "+", ops["+"])
    ts("bool_add_long_i64", t([True, False], B), 1, "long", "+", ops["+"])
    ts("bool_mul_double_f32", t([True, False], B), 2.5, "double", "*", ops["*"])
    ts("i64_div_long_exact", t([4, 6, -8], I64), 2, "long", "/", ops["/"])
    for op in ["<", ">", "<=", ">=", "eq", "ne"]:
        tag = {"<": "lt", ">": "gt", "<=": "le", ">=": "ge"}.get(op, op)
        ts(f"f32_{tag}_scalar", fa, 0.5, "double", op, ops[op])
        ts(f"i64_{tag}_scalar", ia, 1.0, "double", op, ops[op])
    ts("i64_lt_fractional_scalar", ia, 1.5, "double", "<", ops["<"])
    # scalars on the left
    for s, kind in [(2, "long"), (1.5, "double")]:
        for op in ["+", "-", "*", "/"]:
            tag = {"+": "add", "-": "sub", "*": "mul", "/": "div"}[op]
            st(f"{kind}_{s}_{tag}_i64", s, ib, kind, op, ops[op])
            st(f"{kind}_{s}_{tag}_f32", s, fb_nz, kind, op, ops[op])
    st("double_div_f64", 3.0, pos([5], F64, offset=4), "double", "/", ops["/"])
    st("double_div_f32_inexact", 1.0, t([3.0, 7.0, 11.0, 0.1, 1e-3]), "double", "/", ops["/"])
    st("double_div_zero", 2.0, t([0.0, -0.0]), "double", "/", ops["/"])
    st("long_sub_i32", 10, i32, "long", "-", ops["-"])
    # unary operators and the alpha overload
    c.add("unary_minus_f32", "unary_minus", [fa], -fa)
    c.add("unary_minus_i64", "unary_minus", [ia], -ia)
    c.add("not_bool", "not", [t([True, False, True], B)], ~t([True, False, True], B))
    m1 = t([True, True, False, False], B)
    m2 = t([True, False, True, False], B)
    c.add("and_bool", "tensor_tensor", [m1, m2], m1 & m2, operator="&")
    c.add("or_bool", "tensor_tensor", [m1, m2], m1 | m2, operator="|")
    c.add("add_alpha", "add_alpha", [fa, fb], fa.add(fb, alpha=-0.5), alpha=-0.5)
    c.add("add_alpha_i64", "add_alpha", [ia, ib], ia.add(ib, alpha=3), alpha=3.0)
    c.add("allclose_true", "allclose", [t([1.0, 2.0]), t([1.0 + 1e-7, 2.0])], torch.tensor(True), rtol=1e-5, atol=1e-8)
    c.add("allclose_false", "allclose", [t([1.0, 2.0]), t([1.0, 2.01])], torch.tensor(False), rtol=1e-5, atol=1e-8)
    c.add("allclose_loose", "allclose", [t([1.0, 2.0]), t([1.0, 2.01])], torch.tensor(True), rtol=1e-2, atol=0.0)
    c.write()


# ---------------------------------------------------------------------------------------------
# reduction.json
# ---------------------------------------------------------------------------------------------
def reduction_ops():
    c = Cases("reduction.json")
    x = vals([3, 4])
    x3 = vals([2, 3, 4], offset=7)
    xd = vals([4, 5], F64, scale=0.0917)
    xi = ints([3, 4])
    for name, v in [("f32", x), ("f64", xd), ("3d", x3)]:
        c.add(f"sum_all_{name}", "sum", [v], v.sum())
        c.add(f"mean_all_{name}", "mean", [v], v.mean())
        c.add(f"std_all_{name}", "std", [v], v.std(), unbiased=True)
        c.add(f"std_biased_all_{name}", "std", [v], v.std(unbiased=False), unbiased=False)
        c.add(f"var_all_{name}", "var", [v], v.var(), unbiased=True)
        c.add(f"var_biased_all_{name}", "var", [v], v.var(unbiased=False), unbiased=False)
        c.add(f"prod_{name}", "prod", [v * 0.5 + 1.7], (v * 0.5 + 1.7).prod())
        c.add(f"max_all_{name}", "max_all", [v], v.max())
        c.add(f"min_all_{name}", "min_all", [v], v.min())
        c.add(f"argmax_all_{name}", "argmax", [v], v.argmax())
        c.add(f"argmin_all_{name}", "argmin", [v], v.argmin())
        c.add(f"norm_all_{name}", "norm", [v], v.norm(), p=2.0)
        c.add(f"norm_p1_{name}", "norm", [v], v.norm(p=1), p=1.0)
        c.add(f"norm_p3_{name}", "norm", [v], v.norm(p=3), p=3.0)
        c.add(f"norm_inf_{name}", "norm", [v], v.norm(p=float("inf")), p=float("inf"))
        c.add(f"all_{name}", "all", [v], v.all())
        c.add(f"any_{name}", "any", [v], v.any())
        for d in [0, -1]:
            for keep in [False, True]:
                k = "_keep" if keep else ""
                c.add(f"sum_dim{d}{k}_{name}", "sum", [v], v.sum(d, keepdim=keep), dims=[d], keepdim=keep)
                c.add(f"mean_dim{d}{k}_{name}", "mean", [v], v.mean(d, keepdim=keep), dims=[d], keepdim=keep)
                c.add(f"std_dim{d}{k}_{name}", "std", [v], v.std(d, keepdim=keep), dims=[d], unbiased=True, keepdim=keep)
                c.add(f"var_biased_dim{d}{k}_{name}", "var", [v], v.var(d, unbiased=False, keepdim=keep), dims=[d], unbiased=False, keepdim=keep)
                mv, mi = v.max(d, keepdim=keep)
                c.add(f"max_dim{d}{k}_{name}", "max_dim", [v], [mv, mi], dim=d, keepdim=keep)
                mv, mi = v.min(d, keepdim=keep)
                c.add(f"min_dim{d}{k}_{name}", "min_dim", [v], [mv, mi], dim=d, keepdim=keep)
                c.add(f"argmax_dim{d}{k}_{name}", "argmax", [v], v.argmax(d, keepdim=keep), dim=d, keepdim=keep)
                c.add(f"argmin_dim{d}{k}_{name}", "argmin", [v], v.argmin(d, keepdim=keep), dim=d, keepdim=keep)
                c.add(f"norm_dim{d}{k}_{name}", "norm", [v], v.norm(dim=d, keepdim=keep), p=2.0, dims=[d], keepdim=keep)
                c.add(f"logsumexp_dim{d}{k}_{name}", "logsumexp", [v], v.logsumexp(d, keepdim=keep), dims=[d], keepdim=keep)
            c.add(f"cumsum_dim{d}_{name}", "cumsum", [v], v.cumsum(d), dim=d)
        c.add(f"sum_dims01_{name}", "sum", [v], v.sum([0, 1]), dims=[0, 1], keepdim=False)
        c.add(f"mean_dims01_keep_{name}", "mean", [v], v.mean([0, 1], keepdim=True), dims=[0, 1], keepdim=True)
        c.add(f"std_dims01_{name}", "std", [v], v.std([0, 1]), dims=[0, 1], unbiased=True, keepdim=False)
        c.add(f"var_dims01_keep_{name}", "var", [v], v.var([0, 1], keepdim=True), dims=[0, 1], unbiased=True, keepdim=True)
        c.add(f"norm_p1_dims01_{name}", "norm", [v], v.norm(p=1, dim=[0, 1]), p=1.0, dims=[0, 1], keepdim=False)
        c.add(f"logsumexp_dims01_keep_{name}", "logsumexp", [v], v.logsumexp([0, 1], keepdim=True), dims=[0, 1], keepdim=True)
    c.add("sum_dims02_3d", "sum", [x3], x3.sum([0, 2]), dims=[0, 2], keepdim=False)
    c.add("sum_dims_neg_3d", "sum", [x3], x3.sum([-1, 0], keepdim=True), dims=[-1, 0], keepdim=True)
    c.add("sum_dtype_f64", "sum", [x], x.sum(dtype=F64), dtype=F64)
    c.add("sum_dim_dtype_f64", "sum", [x], x.sum(1, dtype=F64), dims=[1], keepdim=False, dtype=F64)
    c.add("sum_i64", "sum", [xi], xi.sum())
    c.add("sum_i64_dim", "sum", [xi], xi.sum(0), dims=[0], keepdim=False)
    c.add("sum_i32_to_i64", "sum", [xi.int()], xi.int().sum())
    c.add("sum_u8_to_i64", "sum", [t([200, 100, 50], U8)], t([200, 100, 50], U8).sum())
    c.add("sum_bool_to_i64", "sum", [t([True, False, True, True], B)], t([True, False, True, True], B).sum())
    c.add("sum_empty", "sum", [torch.zeros(0)], torch.zeros(0).sum())
    c.add("prod_i64", "prod", [t([2, -3, 4], I64)], t([2, -3, 4], I64).prod())
    c.add("max_all_i64", "max_all", [xi], xi.max())
    mv, mi = xi.max(1)
    c.add("max_dim_i64", "max_dim", [xi], [mv, mi], dim=1, keepdim=False)
    c.add("cumsum_i64", "cumsum", [xi], xi.cumsum(1), dim=1)
    c.add("cumsum_i32_to_i64", "cumsum", [xi.int()], xi.int().cumsum(0), dim=0)
    c.add("cumsum_bool_to_i64", "cumsum", [t([True, False, True, True], B)], t([True, False, True, True], B).cumsum(0), dim=0)
    c.add("mean_large_values", "mean", [t([1e7, 1e7 + 1, 1e7 + 2, 1e7 + 3])], t([1e7, 1e7 + 1, 1e7 + 2, 1e7 + 3]).mean())
    c.add("logsumexp_large", "logsumexp", [t([1000.0, 1000.0, -1000.0])], t([1000.0, 1000.0, -1000.0]).logsumexp(0), dims=[0], keepdim=False)
    c.add("logsumexp_neg_inf", "logsumexp", [t([-float("inf"), -float("inf"), 0.0, 1.0], shape=[2, 2])],
          t([-float("inf"), -float("inf"), 0.0, 1.0], shape=[2, 2]).logsumexp(1), dims=[1], keepdim=False)
    c.add("all_bool_false", "all", [t([True, False], B)], t([True, False], B).all())
    c.add("any_bool_false", "any", [t([False, False], B)], t([False, False], B).any())
    c.add("all_i64_with_zero", "all", [t([1, 0, 2], I64)], t([1, 0, 2], I64).all())
    c.add("any_nan", "any", [t([0.0, float("nan")])], t([0.0, float("nan")]).any())
    c.add("max_with_nan", "max_all", [t([1.0, float("nan"), 3.0])], t([1.0, float("nan"), 3.0]).max())
    c.add("std_single_element", "std", [t([2.0])], t([2.0]).std(), unbiased=True)
    # sorting and selection
    s = vals([3, 5], offset=3)
    sd = vals([6], F64, offset=11)
    for d in [0, 1]:
        for largest in [True, False]:
            v_, i_ = s.topk(2, d, largest=largest)
            c.add(f"topk2_dim{d}_{'largest' if largest else 'smallest'}", "topk", [s], [v_, i_], k=2, dim=d, largest=largest, sorted=True)
        for desc in [False, True]:
            v_, i_ = s.sort(d, descending=desc)
            c.add(f"sort_dim{d}_{'desc' if desc else 'asc'}", "sort", [s], [v_, i_], dim=d, descending=desc, stable=False)
            c.add(f"argsort_dim{d}_{'desc' if desc else 'asc'}", "argsort", [s], s.argsort(d, descending=desc), dim=d, descending=desc)
        for keep in [False, True]:
            v_, i_ = s.kthvalue(2, d, keepdim=keep)
            c.add(f"kthvalue2_dim{d}{'_keep' if keep else ''}", "kthvalue", [s], [v_, i_], k=2, dim=d, keepdim=keep)
    v_, i_ = sd.topk(3)
    c.add("topk3_f64_default_dim", "topk", [sd], [v_, i_], k=3, dim=-1, largest=True, sorted=True)
    v_, i_ = xi.topk(1, 1)
    c.add("topk_i64", "topk", [xi], [v_, i_], k=1, dim=1, largest=True, sorted=True)
    v_, i_ = sd.sort()
    c.add("sort_f64", "sort", [sd], [v_, i_], dim=-1, descending=False, stable=False)
    ties = t([3, 1, 2, 1, 3, 2, 1], I64)
    v_, i_ = ties.sort(stable=True)
    c.add("sort_stable_ties", "sort", [ties], [v_, i_], dim=-1, descending=False, stable=True)
    v_, i_ = ties.sort(stable=True, descending=True)
    c.add("sort_stable_ties_desc", "sort", [ties], [v_, i_], dim=-1, descending=True, stable=True)
    nan_sort = t([2.0, float("nan"), -1.0, float("inf"), 0.5])
    v_, i_ = nan_sort.sort()
    c.add("sort_nan_last", "sort", [nan_sort], [v_, i_], dim=-1, descending=False, stable=False)
    v_, i_ = sd.kthvalue(4)
    c.add("kthvalue4_f64", "kthvalue", [sd], [v_, i_], k=4, dim=-1, keepdim=False)
    c.add("argsort_i64", "argsort", [t([5, -2, 9, 0], I64)], t([5, -2, 9, 0], I64).argsort(), dim=-1, descending=False)
    c.write()


# ---------------------------------------------------------------------------------------------
# indexing.json (plus the in-place ops)
# ---------------------------------------------------------------------------------------------
def indexing_ops():
    c = Cases("indexing.json")
    x = vals([4, 3])
    xi = ints([4, 3])
    idx = t([2, 0, 2], I64)
    c.add("index_select_dim0", "index_select", [x, idx], x.index_select(0, idx), dim=0)
    c.add("index_select_dim1", "index_select", [x, t([1, 2, 0, 1], I64)], x.index_select(1, t([1, 2, 0, 1], I64)), dim=1)
    c.add("index_select_i64", "index_select", [xi, t([3], I64)], xi.index_select(0, t([3], I64)), dim=0)
    c.add("index_select_int32_index", "index_select", [x, t([1, 3], I32)], x.index_select(0, t([1, 3], I32)), dim=0)
    g0 = t([[0, 1, 2], [3, 2, 1]], I64)
    c.add("gather_dim0", "gather", [x, g0], x.gather(0, g0), dim=0)
    g1 = t([[2, 2], [0, 1], [1, 0], [0, 0]], I64)
    c.add("gather_dim1", "gather", [x, g1], x.gather(1, g1), dim=1)
    z = torch.zeros(3, 4)
    src = vals([2, 4], offset=3)
    s0 = t([[1, 0, 2, 0], [2, 1, 0, 1]], I64)
    c.add("scatter_dim0", "scatter", [z, s0, src], z.scatter(0, s0, src), dim=0)
    s1 = t([[3, 0], [1, 2], [0, 3]], I64)
    c.add("scatter_dim1", "scatter", [x.t().contiguous(), s1, vals([3, 2], offset=8)],
          x.t().contiguous().scatter(1, s1, vals([3, 2], offset=8)), dim=1)
    dup = t([[0, 0, 1, 1, 0]], I64)
    c.add("scatter_add_duplicates", "scatter_add", [torch.zeros(2, 5), dup, vals([1, 5], offset=1)],
          torch.zeros(2, 5).scatter_add(0, dup, vals([1, 5], offset=1)), dim=0)
    sa = t([[0, 2, 2, 0]], I64)
    c.add("scatter_add_dim1_i64", "scatter_add", [torch.ones(1, 3, dtype=I64), sa, t([[1, 2, 3, 4]], I64)],
          torch.ones(1, 3, dtype=I64).scatter_add(1, sa, t([[1, 2, 3, 4]], I64)), dim=1)
    mask = x > 0
    c.add("masked_select", "masked_select", [x, mask], x.masked_select(mask))
    row_mask = t([True, False, True], B)
    c.add("masked_select_broadcast", "masked_select", [x, row_mask], x.masked_select(row_mask))
    c.add("masked_fill", "masked_fill", [x, mask], x.masked_fill(mask, -7.5), value=-7.5)
    c.add("masked_fill_broadcast_i64", "masked_fill", [xi, row_mask], xi.masked_fill(row_mask, 100), value=100.0)
    c.add("nonzero_2d", "nonzero", [xi], xi.nonzero())
    c.add("nonzero_bool_1d", "nonzero", [t([False, True, True, False, True], B)], t([False, True, True, False, True], B).nonzero())
    c.add("nonzero_none", "nonzero", [torch.zeros(2, 2)], torch.zeros(2, 2).nonzero())
    c.add("bool_mask_elements", "index_tensor", [x, mask], x[mask])
    rows = t([True, False, False, True], B)
    c.add("bool_mask_rows", "index_tensor", [x, rows], x[rows])
    c.add("index_tensor_rows", "index_tensor", [x, t([3, 0, 0, -1], I64)], x[t([3, 0, 0, -1], I64)])
    c.add("index_tensor_2d_index", "index_tensor", [vals([5]), t([[0, 4], [2, 2]], I64)], vals([5])[t([[0, 4], [2, 2]], I64)])
    put = x.clone()
    put[t([1, 3], I64)] = vals([2, 3], offset=60)
    c.add("index_put_rows", "index_put", [x, t([1, 3], I64), vals([2, 3], offset=60)], put)
    put = x.clone()
    put[mask] = torch.tensor(0.0)
    c.add("index_put_mask_scalar", "index_put", [x, mask, torch.tensor(0.0)], put)
    cond = t([[True, False, True], [False, False, True]], B)
    a, b = vals([2, 3]), vals([2, 3], offset=40)
    c.add("where", "where", [cond, a, b], torch.where(cond, a, b))
    c.add("where_broadcast", "where", [t([True, False, True], B), vals([2, 1]), vals([3], offset=5)],
          torch.where(t([True, False, True], B), vals([2, 1]), vals([3], offset=5)))
    c.add("where_i64", "where", [t([True, False], B), t([1, 2], I64), t([-1, -2], I64)], torch.where(t([True, False], B), t([1, 2], I64), t([-1, -2], I64)))
    c.add("where_promotes", "where", [t([True, False], B), t([1, 2], I64), t([0.5, 0.25])], torch.where(t([True, False], B), t([1, 2], I64), t([0.5, 0.25])))
    c.write()


def inplace_ops():
    c = Cases("inplace.json")
    x = vals([2, 3])
    y = vals([2, 3], offset=30)
    p = pos([2, 3], offset=4)
    xi = ints([2, 3])

    def run(name, op, inputs, fn, **args):
        target = inputs[0].clone()
        fn(target, *inputs[1:])
        c.add(name, op, inputs, target, **args)

    run("add_", "add_", [x, y], lambda a, b: a.add_(b))
    run("add_alpha", "add_", [x, y], lambda a, b: a.add_(b, alpha=-2.5), alpha=-2.5)
    run("add_broadcast", "add_", [x, vals([3], offset=7)], lambda a, b: a.add_(b))
    run("add_i64", "add_", [xi, t([1, 2, 3], I64)], lambda a, b: a.add_(b))
    run("add_scalar_", "add_scalar_", [x], lambda a: a.add_(1.25), scalar=1.25)
    run("add_scalar_i64", "add_scalar_", [xi], lambda a: a.add_(3), scalar=3.0)
    run("sub_", "sub_", [x, y], lambda a, b: a.sub_(b))
    run("sub_alpha", "sub_", [x, y], lambda a, b: a.sub_(b, alpha=0.1), alpha=0.1)
    run("mul_", "mul_", [x, y], lambda a, b: a.mul_(b))
    run("mul_scalar_", "mul_scalar_", [x], lambda a: a.mul_(-3.0), scalar=-3.0)
    run("mul_i64_by_f32_keeps_f32", "mul_", [x, xi], lambda a, b: a.mul_(b))
    run("div_", "div_", [x, p], lambda a, b: a.div_(b))
    run("div_scalar_", "div_scalar_", [x], lambda a: a.div_(3.0), scalar=3.0)
    run("addcmul_", "addcmul_", [x, y, p], lambda a, b, d: a.addcmul_(b, d))
    run("addcmul_value", "addcmul_", [x, y, p], lambda a, b, d: a.addcmul_(b, d, value=-0.3), value=-0.3)
    run("addcdiv_", "addcdiv_", [x, y, p], lambda a, b, d: a.addcdiv_(b, d))
    run("addcdiv_value", "addcdiv_", [x, y, p], lambda a, b, d: a.addcdiv_(b, d, value=0.01), value=0.01)
    run("copy_", "copy_", [x, y], lambda a, b: a.copy_(b))
    run("copy_broadcast", "copy_", [x, vals([3], offset=9)], lambda a, b: a.copy_(b))
    run("copy_converts_to_i64", "copy_", [xi, vals([2, 3], offset=12)], lambda a, b: a.copy_(b))
    run("copy_f64_into_f32", "copy_", [x, vals([2, 3], F64, offset=1, scale=0.0123)], lambda a, b: a.copy_(b))
    run("zero_", "zero_", [x], lambda a: a.zero_())
    run("zero_i64", "zero_", [xi], lambda a: a.zero_())
    run("fill_", "fill_", [x], lambda a: a.fill_(4.75), value=4.75)
    run("fill_i64", "fill_", [xi], lambda a: a.fill_(-9), value=-9.0)
    run("fill_bool", "fill_", [t([True, False], B)], lambda a: a.fill_(1), value=1.0)
    run("clamp_both", "clamp_", [x], lambda a: a.clamp_(-1.0, 1.5), min=-1.0, max=1.5)
    run("clamp_min", "clamp_", [x], lambda a: a.clamp_(min=0.0), min=0.0)
    run("clamp_max", "clamp_", [x], lambda a: a.clamp_(max=0.3), max=0.3)
    run("clamp_i64", "clamp_", [xi], lambda a: a.clamp_(-1, 2), min=-1.0, max=2.0)
    run("sqrt_", "sqrt_", [p], lambda a: a.sqrt_())
    run("masked_fill_", "masked_fill_", [x, x < 0], lambda a, m: a.masked_fill_(m, 0.0), value=0.0)
    run("masked_fill_broadcast", "masked_fill_", [x, t([False, True, False], B)], lambda a, m: a.masked_fill_(m, 2.0), value=2.0)
    c.write()


# ---------------------------------------------------------------------------------------------
# autograd.json: gradients of composite float64 functions, computed by PyTorch
# ---------------------------------------------------------------------------------------------
def autograd_cases():
    c = Cases("autograd.json")

    def grads(name, fn, inputs):
        leaves = [x.clone().requires_grad_(True) for x in inputs]
        out = fn(*leaves)
        out.backward()
        c.add(name, name, inputs, [out] + [leaf.grad for leaf in leaves])

    x = vals([3, 4], F64, scale=0.0713)
    w = vals([4, 2], F64, offset=5, scale=0.0531)
    b = vals([2], F64, offset=9, scale=0.0311)
    target = t([1, 0, 1], I64)
    p = pos([3, 4], F64, offset=2)

    grads("mlp_cross_entropy", lambda x, w, b: (x.matmul(w) + b).tanh().log_softmax(1).gather(1, target.unsqueeze(1)).mean().neg(), [x, w, b])
    grads("softmax_weighted", lambda x: (x.softmax(1) * torch.arange(4, dtype=F64)).sum(), [x])
    grads("div_pow_sqrt", lambda a, b: ((a / b).pow(2.0) + b.sqrt()).sum(), [x, p])
    grads("exp_log_sigmoid", lambda a: (a.exp() * a.sigmoid() + (a.abs() + 1).log()).mean(), [x])
    grads("gelu_relu", lambda a: (torch.nn.functional.gelu(a) + (a - 0.013).relu() * 2).sum(), [x])
    grads("std_norm_logsumexp", lambda a: a.std(1).sum() + a.norm() + a.logsumexp(0).sum(), [x])
    grads("cdist_sum", lambda a, b: torch.cdist(a, b).sum(), [x, vals([2, 4], F64, offset=17, scale=0.0411)])
    grads("where_clamp_index_select", lambda a: (torch.where(a > 0, a * 3, a.clamp(min=-0.1)).index_select(0, t([2, 0, 2], I64)) ** 2).sum(), [x])
    grads("mean_var_dims", lambda a: a.mean(0).pow(2.0).sum() + a.var(1, unbiased=False).sum(), [x])
    c.write()


if __name__ == "__main__":
    creation()
    shape_ops()
    math_ops()
    operator_ops()
    reduction_ops()
    indexing_ops()
    inplace_ops()
    autograd_cases()

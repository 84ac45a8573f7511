#!/usr/bin/python3
"""Writes nn_layers.json: PyTorch 1.13 reference values for the nn layers, torch.nn.functional and nn.init.

Run with the system interpreter:

    /usr/bin/python3 tests/ResNetTab.Torch.Tests/Oracle/generate_nn_layers.py

Case format (shared with generate_oracle.py): {"name", "op", "inputs", "args", "outputs"}, tensors as
{"dtype", "shape", "values"}. Inputs, weights and upstream gradients are deterministic (sines of
aranges); only the "seeded_*" cases use torch's generator, after torch.manual_seed, to check that the
binding's initialisers draw exactly as PyTorch's do.

Layer cases ("op": "layer"): inputs = [x, upstream gradient g, state tensors in args.state order];
the module is built from the case name on both sides, the state loaded with load_state_dict, then
y = m(x) and (y * g).sum().backward(). outputs = [y, x.grad, grads of args.params in order].
BatchNorm cases ("op": "batchnorm") add a second training batch and an evaluation batch: inputs =
[x, g, x2, x_eval, state...], outputs = [y, x.grad, param grads..., running_mean, running_var,
num_batches_tracked, y_eval] (running stats only when tracked).
"""

import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
F32, F64, I64 = torch.float32, torch.float64, torch.int64
NAMES = {F32: "float32", F64: "float64", I64: "int64", torch.bool: "bool"}


def enc(t):
    t = t.detach()
    dt = NAMES[t.dtype]
    flat = t.reshape(-1).tolist()
    if dt in ("int64", "bool"):
        values = [int(v) for v in flat]
    elif dt == "float32":
        values = [float(f"{v:.9g}") for v in flat]  # 9 significant digits round-trip a float32
    else:
        values = [float(v) for v in flat]
    return {"dtype": dt, "shape": list(t.shape), "values": values}


def wave(*shape, offset=0.0, scale=1.0, dtype=F32):
    """Deterministic, distinct values: scale * sin(0.7 i + offset + 0.3)."""
    n = 1
    for d in shape:
        n *= d
    i = torch.arange(n, dtype=F64)
    return ((i * 0.7 + offset + 0.3).sin() * scale).to(dtype).reshape(shape)


class Cases:
    def __init__(self):
        self.cases = []
        self.names = set()

    def add(self, name, op, inputs, outputs, **args):
        assert name not in self.names, name
        self.names.add(name)
        self.cases.append({
            "name": name,
            "op": op,
            "inputs": [enc(x) for x in inputs],
            "args": args,
            "outputs": [enc(o) for o in outputs],
        })


C = Cases()


def fixed_state(module, salt):
    """Deterministic values for every floating parameter (buffers keep their defaults)."""
    with torch.no_grad():
        for k, (name, p) in enumerate(module.named_parameters()):
            p.copy_(wave(*p.shape, offset=salt + 1.3 * k, scale=0.5))
    return module


def layer(name, module, x_shape, x=None, salt=0.0):
    torch.manual_seed(0)
    fixed_state(module, salt)
    if x is None:
        x = wave(*x_shape, offset=salt + 0.5)
    x = x.clone().requires_grad_(x.is_floating_point())
    y = module(x)
    g = wave(*y.shape, offset=salt + 2.1)
    (y * g).sum().backward()
    state = module.state_dict()
    params = [n for n, _ in module.named_parameters()]
    outputs = [y, x.grad if x.grad is not None else torch.zeros(0)]
    outputs += [module.get_parameter(n).grad for n in params]
    C.add(name, "layer", [x, g] + list(state.values()), outputs, state=list(state.keys()), params=params,
          repr=repr(module))


def batchnorm(name, module, x_shape, salt=0.0):
    fixed_state(module, salt)
    module.train()
    x = wave(*x_shape, offset=salt + 0.5, scale=2.0).requires_grad_(True)
    x2 = wave(*x_shape, offset=salt + 4.0, scale=1.5) + 0.25
    x_eval = wave(*x_shape, offset=salt + 7.0)
    state = {k: v.clone() for k, v in module.state_dict().items()}
    y = module(x)
    g = wave(*y.shape, offset=salt + 2.1)
    (y * g).sum().backward()
    with torch.no_grad():
        module(x2)
    module.eval()
    y_eval = module(x_eval)
    params = [n for n, _ in module.named_parameters()]
    outputs = [y, x.grad] + [module.get_parameter(n).grad for n in params]
    if module.track_running_stats:
        outputs += [module.running_mean, module.running_var, module.num_batches_tracked]
    outputs.append(y_eval)
    C.add(name, "batchnorm", [x, g, x2, x_eval] + list(state.values()), outputs, state=list(state.keys()),
          params=params, repr=repr(module))


def functional(name, fn, xs, **args):
    """outputs = [fn(*xs), grad of each floating input]."""
    xs = [x.clone().requires_grad_(x.is_floating_point()) for x in xs]
    y = fn(*xs)
    grads = []
    if y.is_floating_point() and y.requires_grad:
        g = wave(*y.shape, offset=3.3)
        (y * g).sum().backward()
        grads = [x.grad for x in xs if x.is_floating_point()]
    else:
        g = torch.zeros(0)
    C.add("F_" + name, "functional", xs + [g], [y] + grads, **args)


# ---- layers ---------------------------------------------------------------------------------------
layer("linear", nn.Linear(4, 3), (2, 4))
layer("linear_3d_input", nn.Linear(4, 2), (2, 3, 4), salt=1.0)
layer("linear_no_bias", nn.Linear(5, 3, bias=False), (3, 5), salt=2.0)
layer("conv1d", nn.Conv1d(2, 4, 3, stride=2, padding=1), (2, 2, 7))
layer("conv1d_groups_dilation", nn.Conv1d(4, 2, 3, dilation=2, groups=2, bias=False), (2, 4, 9), salt=1.0)
layer("conv1d_same_reflect", nn.Conv1d(2, 3, 4, padding="same", padding_mode="reflect"), (1, 2, 6), salt=2.0)
layer("conv1d_unbatched", nn.Conv1d(2, 3, 2), (2, 5), salt=3.0)
layer("conv2d", nn.Conv2d(3, 4, 3, padding=1), (2, 3, 5, 5))
layer("conv2d_tuple_groups", nn.Conv2d(4, 4, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2), (2, 4, 6, 7), salt=1.0)
layer("conv2d_same_circular", nn.Conv2d(2, 2, 3, padding="same", padding_mode="circular", bias=False), (1, 2, 4, 5), salt=2.0)
layer("conv2d_valid_replicate", nn.Conv2d(2, 3, 2, stride=2, padding=1, padding_mode="replicate"), (1, 2, 5, 4), salt=3.0)
layer("layernorm", nn.LayerNorm(4), (2, 3, 4))
layer("layernorm_2d_no_affine", nn.LayerNorm([3, 4], eps=1e-3, elementwise_affine=False), (2, 3, 4), salt=1.0)
layer("embedding_padding", nn.Embedding(6, 3, padding_idx=2), None, x=torch.tensor([[0, 2, 5], [2, 1, 1]]))
layer("embedding_negative_padding", nn.Embedding(5, 2, padding_idx=-1), None, x=torch.tensor([4, 0, 4, 3]), salt=1.0)
layer("relu", nn.ReLU(), (3, 4))
layer("gelu", nn.GELU(), (3, 4), salt=1.0)
layer("gelu_tanh", nn.GELU(approximate="tanh"), (3, 4), salt=2.0)
layer("sigmoid", nn.Sigmoid(), (3, 4), salt=3.0)
layer("tanh", nn.Tanh(), (3, 4), salt=4.0)
layer("identity", nn.Identity(), (2, 3))
layer("flatten", nn.Flatten(), (2, 3, 2, 2))
layer("flatten_range", nn.Flatten(0, 1), (2, 3, 2))
layer("dropout_eval", nn.Dropout(0.3).eval(), (2, 5))
layer("maxpool2d", nn.MaxPool2d(2), (2, 2, 4, 5))
layer("maxpool2d_tuple_ceil", nn.MaxPool2d((3, 2), stride=(2, 1), padding=(1, 0), ceil_mode=True), (1, 2, 5, 4), salt=1.0)
layer("maxpool2d_dilation", nn.MaxPool2d(2, stride=1, dilation=2), (1, 1, 5, 5), salt=2.0)
layer("avgpool2d", nn.AvgPool2d(2), (2, 2, 4, 5))
layer("avgpool2d_pad_exclude", nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), (1, 2, 5, 5), salt=1.0)
layer("avgpool2d_divisor_ceil", nn.AvgPool2d((2, 3), ceil_mode=True, divisor_override=4), (1, 1, 5, 7), salt=2.0)
layer("adaptiveavgpool2d", nn.AdaptiveAvgPool2d(2), (2, 2, 5, 7))
layer("adaptiveavgpool2d_none", nn.AdaptiveAvgPool2d((3, None)), (1, 2, 5, 4), salt=1.0)
layer("adaptiveavgpool2d_unbatched", nn.AdaptiveAvgPool2d((1, 1)), (3, 4, 4), salt=2.0)
layer("sequential", nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3).eval(), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                                  nn.Flatten(), nn.Linear(3, 2)), (2, 2, 4, 4))

batchnorm("batchnorm1d", nn.BatchNorm1d(3), (4, 3))
batchnorm("batchnorm1d_3d", nn.BatchNorm1d(2, eps=1e-3, momentum=0.3), (3, 2, 4), salt=1.0)
batchnorm("batchnorm1d_cumulative", nn.BatchNorm1d(3, momentum=None), (5, 3), salt=2.0)
batchnorm("batchnorm2d", nn.BatchNorm2d(2), (3, 2, 3, 3))
batchnorm("batchnorm2d_no_affine", nn.BatchNorm2d(3, affine=False), (2, 3, 2, 2), salt=1.0)
batchnorm("batchnorm2d_untracked", nn.BatchNorm2d(2, track_running_stats=False), (2, 2, 3, 2), salt=2.0)

# Embedding max_norm renormalises the looked-up rows of the weight in place.
emb = fixed_state(nn.Embedding(5, 3, max_norm=0.6), 3.0)
emb_state = {k: v.clone() for k, v in emb.state_dict().items()}
idx = torch.tensor([[1, 3], [3, 4]])
y = emb(idx)
g = wave(*y.shape, offset=2.1)
(y * g).sum().backward()
C.add("embedding_max_norm", "embedding_max_norm", [idx, g] + list(emb_state.values()), [y, emb.weight, emb.weight.grad],
      state=list(emb_state.keys()), params=["weight"], repr=repr(emb))

# ---- functional -------------------------------------------------------------------------------------
x = wave(3, 4, scale=2.0)
functional("softmax", lambda a: F.softmax(a, dim=1), [x], dim=1)
functional("softmax_dim0_f64", lambda a: F.softmax(a, dim=0, dtype=F64), [x], dim=0, dtype="float64")
functional("log_softmax", lambda a: F.log_softmax(a, dim=-1), [x], dim=-1)
functional("relu", F.relu, [x])
functional("gelu_tanh", lambda a: F.gelu(a, approximate="tanh"), [x])
functional("sigmoid", torch.sigmoid, [x])
functional("linear", F.linear, [wave(2, 4), wave(3, 4, offset=1.0), wave(3, offset=2.0)])
functional("conv1d", lambda a, w, b: F.conv1d(a, w, b, stride=2, padding=1), [wave(1, 2, 6), wave(3, 2, 3, offset=1.0), wave(3, offset=2.0)],
           stride=2, padding=1)
functional("conv2d_same", lambda a, w: F.conv2d(a, w, None, 1, "same"), [wave(1, 2, 4, 4), wave(2, 2, 3, 3, offset=1.0)], padding="same")
functional("conv2d_tuple", lambda a, w: F.conv2d(a, w, None, (2, 1), (1, 0), (1, 1), 2), [wave(1, 2, 5, 4), wave(4, 1, 3, 2, offset=1.0)],
           stride=[2, 1], padding=[1, 0], groups=2)
functional("layer_norm", lambda a, w, b: F.layer_norm(a, [4], w, b, 1e-5), [wave(2, 4, scale=3.0), wave(4, offset=1.0), wave(4, offset=2.0)])
functional("batch_norm_eval", lambda a, w, b: F.batch_norm(a, wave(3, offset=5.0, scale=0.1), wave(3, offset=6.0).abs() + 0.5, w, b, False),
           [wave(4, 3, scale=2.0), wave(3, offset=1.0), wave(3, offset=2.0)])
functional("batch_norm_train_no_stats", lambda a: F.batch_norm(a, None, None, training=True), [wave(4, 3, scale=2.0)])
functional("embedding", lambda i, w: F.embedding(i, w, padding_idx=0), [torch.tensor([[0, 1], [3, 0]]), wave(4, 2, offset=1.0)], padding_idx=0)
functional("normalize", lambda a: F.normalize(a, p=2.0, dim=1), [x])
functional("normalize_p1_dim0", lambda a: F.normalize(a, p=1.0, dim=0), [x], p=1.0, dim=0)
functional("normalize_zero_row", lambda a: F.normalize(a), [torch.tensor([[0.0, 0.0], [3.0, 4.0]])])
functional("pad_constant", lambda a: F.pad(a, (1, 2), value=-1.5), [wave(2, 3)], pad=[1, 2], mode="constant", value=-1.5)
functional("pad_constant_2d", lambda a: F.pad(a, (1, 0, 0, 2)), [wave(2, 2, 3)], pad=[1, 0, 0, 2], mode="constant", value=0.0)
functional("pad_reflect", lambda a: F.pad(a, (2, 1), mode="reflect"), [wave(1, 2, 4)], pad=[2, 1], mode="reflect", value=0.0)
functional("pad_replicate", lambda a: F.pad(a, (1, 1, 2, 0), mode="replicate"), [wave(1, 1, 3, 3)], pad=[1, 1, 2, 0], mode="replicate", value=0.0)
functional("pad_circular", lambda a: F.pad(a, (1, 2), mode="circular"), [wave(1, 2, 4)], pad=[1, 2], mode="circular", value=0.0)
functional("one_hot", lambda a: F.one_hot(a), [torch.tensor([0, 3, 1, 3])], num_classes=-1)
functional("one_hot_classes", lambda a: F.one_hot(a, 5), [torch.tensor([[0, 3], [1, 2]])], num_classes=5)
functional("cosine_similarity", lambda a, b: F.cosine_similarity(a, b), [wave(3, 4), wave(3, 4, offset=1.0)], dim=1, eps=1e-8)
functional("cosine_similarity_broadcast_dim0", lambda a, b: F.cosine_similarity(a, b, dim=0), [wave(4, 3), wave(4, 1, offset=1.0)], dim=0, eps=1e-8)
functional("max_pool2d", lambda a: F.max_pool2d(a, 2, 1, 1), [wave(1, 1, 4, 4)], kernel_size=2, stride=1, padding=1)
functional("avg_pool2d", lambda a: F.avg_pool2d(a, 3, 2, 1, False, False), [wave(1, 1, 5, 5)], kernel_size=3, stride=2, padding=1)
functional("adaptive_avg_pool2d", lambda a: F.adaptive_avg_pool2d(a, (2, 3)), [wave(1, 2, 5, 7)], output_size=[2, 3])

mp, mi = F.max_pool2d(wave(1, 2, 4, 4), 2, return_indices=True)
C.add("max_pool2d_with_indices", "max_pool2d_with_indices", [wave(1, 2, 4, 4)], [mp, mi], kernel_size=2)

# ---- nn.init and seeded default initialisation --------------------------------------------------------
gains = {}
for nl, param in [("linear", None), ("conv1d", None), ("conv2d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
                  ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("selu", None)]:
    gains[nl if param is None else f"{nl}:{param!r}"] = nn.init.calculate_gain(nl, param)
C.add("calculate_gain", "calculate_gain", [], [], gains=gains)


def seeded(name, seed, build):
    torch.manual_seed(seed)
    tensors = build()
    C.add(name, "seeded", [], tensors, seed=seed)


seeded("seeded_linear", 11, lambda: list(nn.Linear(5, 3).parameters()))
seeded("seeded_conv2d", 12, lambda: list(nn.Conv2d(2, 4, 3).parameters()))
seeded("seeded_conv1d_groups", 13, lambda: list(nn.Conv1d(4, 2, 3, groups=2).parameters()))
seeded("seeded_embedding_padding", 14, lambda: list(nn.Embedding(4, 3, padding_idx=1).parameters()))
seeded("seeded_kaiming_normal_fan_out_relu", 15, lambda: [nn.init.kaiming_normal_(torch.empty(6, 4, 2), mode="fan_out", nonlinearity="relu")])
seeded("seeded_kaiming_uniform", 16, lambda: [nn.init.kaiming_uniform_(torch.empty(3, 7))])
seeded("seeded_xavier_uniform_gain", 17, lambda: [nn.init.xavier_uniform_(torch.empty(4, 5), gain=2.0)])
seeded("seeded_xavier_normal", 18, lambda: [nn.init.xavier_normal_(torch.empty(5, 2, 3))])
seeded("seeded_uniform_normal", 19, lambda: [nn.init.uniform_(torch.empty(4), -2.0, 3.0), nn.init.normal_(torch.empty(4), 1.0, 0.5)])

path = os.path.join(HERE, "nn_layers.json")
with open(path, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": C.cases}, f, separators=(",", ":"))
    f.write("\n")
print(f"nn_layers.json: {len(C.cases)} cases, {os.path.getsize(path)} bytes")

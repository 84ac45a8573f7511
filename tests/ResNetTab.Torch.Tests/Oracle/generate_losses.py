"""Expected values of the loss functions (value and input gradient) from PyTorch 1.13.

Run with /usr/bin/python3 from this folder; writes losses.json. Inputs are built from formulas,
so the cases are readable in the JSON and reproducible without any random generator.
"""
import json

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def f64(shape, a, b):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64) * a + b).sin().reshape(shape)


def case(name, fn, inputs, **extra):
    x = inputs["input"].clone().requires_grad_(True)
    out = fn(x)
    out.sum().backward() if out.dim() > 0 else out.backward()
    item = {"name": name}
    for k, v in inputs.items():
        item[k] = {"values": v.flatten().tolist(), "shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", "")}
    item["expected"] = {"values": out.detach().flatten().tolist(), "shape": list(out.shape)}
    item["grad"] = x.grad.flatten().tolist()
    item.update(extra)
    return item


cases = []
logits = f64([5, 4], 0.7, 0.3) * 2
labels = torch.tensor([0, 3, 1, 3, 2])
labels_ignored = torch.tensor([0, -100, 1, 3, 2])
w = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=torch.float64)
for red in ["mean", "sum", "none"]:
    cases.append(case(f"ce_{red}", lambda x: F.cross_entropy(x, labels, reduction=red), {"input": logits, "target": labels}, reduction=red))
cases.append(case("ce_weight", lambda x: F.cross_entropy(x, labels, weight=w), {"input": logits, "target": labels, "weight": w}))
cases.append(case("ce_ignore", lambda x: F.cross_entropy(x, labels_ignored), {"input": logits, "target": labels_ignored}))
cases.append(case("ce_smoothing", lambda x: F.cross_entropy(x, labels, weight=w, label_smoothing=0.1),
                  {"input": logits, "target": labels, "weight": w}, label_smoothing=0.1))
probs = F.softmax(f64([5, 4], 0.9, 0.1), dim=1)
cases.append(case("ce_probabilities", lambda x: F.cross_entropy(x, probs), {"input": logits, "target": probs}))
logp = F.log_softmax(logits, dim=1)
cases.append(case("nll_weight_ignore", lambda x: F.nll_loss(x, labels_ignored, weight=w), {"input": logp, "target": labels_ignored, "weight": w}))
a = f64([3, 4], 0.37, 0.1) * 3
b = f64([3, 4], 0.53, 0.9) * 3
for red in ["mean", "sum", "none"]:
    cases.append(case(f"mse_{red}", lambda x: F.mse_loss(x, b, reduction=red), {"input": a, "target": b}, reduction=red))
    cases.append(case(f"l1_{red}", lambda x: F.l1_loss(x, b, reduction=red), {"input": a, "target": b}, reduction=red))
for beta in [1.0, 0.5, 2.0]:
    cases.append(case(f"smooth_l1_{beta}", lambda x: F.smooth_l1_loss(x, b, beta=beta), {"input": a, "target": b}, beta=beta))
p = torch.sigmoid(a)
t = (f64([3, 4], 1.1, 0.2) > 0).double()
wb = f64([3, 4], 0.21, 0.4).abs() + 0.5
cases.append(case("bce", lambda x: F.binary_cross_entropy(x, t), {"input": p, "target": t}))
cases.append(case("bce_weight_sum", lambda x: F.binary_cross_entropy(x, t, weight=wb, reduction="sum"), {"input": p, "target": t, "weight": wb}, reduction="sum"))
pw = torch.tensor([1.0, 2.0, 3.0, 0.5], dtype=torch.float64)
cases.append(case("bce_logits", lambda x: F.binary_cross_entropy_with_logits(x, t), {"input": a, "target": t}))
cases.append(case("bce_logits_pos_weight", lambda x: F.binary_cross_entropy_with_logits(x, t, weight=wb, pos_weight=pw),
                  {"input": a, "target": t, "weight": wb, "pos_weight": pw}))

with open("losses.json", "w") as fh:
    json.dump({"torch": torch.__version__, "cases": cases}, fh, indent=None)
print(len(cases), "cases")

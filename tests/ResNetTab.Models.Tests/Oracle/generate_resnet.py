#!/usr/bin/env python3
"""Reference data for the ResNet tests, computed with torchvision (PyTorch 1.13, CPU, one thread).

Writes next to this script:
  resnet_state_dict.json  state-dict keys and shapes, in order, and parameter counts of torchvision's
                          resnet18/34/50/101/152 (1000 classes)
  resnet_parity.json      eval-mode outputs of resnet18/34/50 (10 classes) whose state dicts are filled
                          with the deterministic values below, on a deterministic input

No weights are stored: both sides compute them from the formula. For the i-th state-dict entry
(0-based, in state-dict order) with n elements and k = 0..n-1 (float64, then rounded to float32):
  s[k] = sin(0.37 k + 1.3 i), c[k] = cos(0.37 k + 1.3 i)
  *.num_batches_tracked   0
  *.running_var           1 + 0.1 c
  *.running_mean          0.05 s
  weight of rank >= 2     s * 2 / sqrt(fan_in)         fan_in = n / shape[0]
  other *.weight          0.8 + 0.1 s
  other (biases)          0.05 s
Input [2, 3, 64, 64], element k (row-major): sin(0.011 k) + 0.5 cos(0.029 k)

Run with /usr/bin/python3 (python3-torch, python3-torchvision):  python3 generate_resnet.py
"""
import json
import math
import os

import numpy as np
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHS = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]
PARITY_ARCHS = ["resnet18", "resnet34", "resnet50"]
PARITY_CLASSES = 10
INPUT_SHAPE = [2, 3, 64, 64]
FEATURES_KEPT = 128  # leading embedding values stored per row (plus sums over the whole embedding)


def entry_values(i, key, shape):
    n = int(np.prod(shape)) if len(shape) > 0 else 1
    k = np.arange(n, dtype=np.float64)
    phase = 0.37 * k + 1.3 * i
    if key.endswith("num_batches_tracked"):
        return np.zeros(n, dtype=np.int64).reshape(shape)
    if key.endswith("running_var"):
        v = 1.0 + 0.1 * np.cos(phase)
    elif key.endswith("running_mean"):
        v = 0.05 * np.sin(phase)
    elif len(shape) >= 2:
        fan_in = n // shape[0]
        v = np.sin(phase) * 2.0 / math.sqrt(fan_in)
    elif key.endswith("weight"):
        v = 0.8 + 0.1 * np.sin(phase)
    else:
        v = 0.05 * np.sin(phase)
    return v.astype(np.float32).reshape(shape)


def input_values():
    n = int(np.prod(INPUT_SHAPE))
    k = np.arange(n, dtype=np.float64)
    return (np.sin(0.011 * k) + 0.5 * np.cos(0.029 * k)).astype(np.float32).reshape(INPUT_SHAPE)


def features(model, x):
    x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
    x = model.layer4(model.layer3(model.layer2(model.layer1(x))))
    return torch.flatten(model.avgpool(x), 1)


def floats(t):
    return [float("%.8g" % v) for v in t.reshape(-1).tolist()]


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)

    keys = {}
    for arch in ARCHS:
        model = getattr(torchvision.models, arch)()
        sd = model.state_dict()
        keys[arch] = {
            "parameter_count": sum(p.numel() for p in model.parameters()),
            "entries": [[k, list(v.shape)] for k, v in sd.items()],
        }
    with open(os.path.join(HERE, "resnet_state_dict.json"), "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "archs": keys}, f, separators=(",", ":"))
        f.write("\n")

    x = torch.from_numpy(input_values())
    parity = {}
    for arch in PARITY_ARCHS:
        model = getattr(torchvision.models, arch)(num_classes=PARITY_CLASSES)
        sd = model.state_dict()
        filled = {key: torch.from_numpy(entry_values(i, key, list(t.shape))) for i, (key, t) in enumerate(sd.items())}
        model.load_state_dict(filled)
        model.eval()
        with torch.no_grad():
            logits = model(x)
            emb = features(model, x)
        parity[arch] = {
            "logits_shape": list(logits.shape),
            "logits": floats(logits),
            "features_shape": list(emb.shape),
            "features_head": floats(emb[:, :FEATURES_KEPT]),
            "features_sum": float(emb.double().sum()),
            "features_sum_squares": float((emb.double() ** 2).sum()),
            "features_max_abs": float(emb.abs().max()),
        }
        print(arch, "logits max |.|", float(logits.abs().max()), "features max |.|", float(emb.abs().max()))
    with open(os.path.join(HERE, "resnet_parity.json"), "w") as f:
        json.dump({
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "classes": PARITY_CLASSES,
            "input_shape": INPUT_SHAPE,
            "features_kept": FEATURES_KEPT,
            "archs": parity,
        }, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

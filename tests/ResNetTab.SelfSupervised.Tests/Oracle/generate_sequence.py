"""Reference values for ResNetTab.SelfSupervised's SequenceAnomalyDetector, computed with PyTorch 1.13.

  /usr/bin/python3 tests/ResNetTab.SelfSupervised.Tests/Oracle/generate_sequence.py

Writes sequence.json beside this script. For an LSTM and a GRU of the same shape as the C# module (same state-dict
names), on fixed weights and fixed windows (one of them padded in front) in evaluation mode: P(normal), the next-step
predictions, the per-step errors and their mask, the objective's loss on the real windows and a fixed set of
"corrupted" windows, and the gradients of that loss with respect to every parameter and to the real windows.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

EVENT_FEATURES, HIDDEN, LAYERS, HEAD_HIDDEN = 4, 8, 2, 5
WIDTH = EVENT_FEATURES + 3
BATCH, LENGTH = 3, 5
GAP_WEIGHT = 0.5


class SequenceAnomalyDetector(nn.Module):
    def __init__(self, cell):
        super().__init__()
        rnn = nn.LSTM if cell == "Lstm" else nn.GRU
        self.rnn = rnn(WIDTH, HIDDEN, LAYERS, batch_first=True, dropout=0.1)
        self.head = nn.Sequential(nn.Linear(HIDDEN, HEAD_HIDDEN), nn.ReLU(), nn.Linear(HEAD_HIDDEN, 1), nn.Sigmoid())
        self.next_step = nn.Linear(HIDDEN, EVENT_FEATURES + 1)

    def encode(self, x):
        out, _ = self.rnn(x)
        return out, out[:, -1]

    def logit(self, last):
        return self.head[2](self.head[1](self.head[0](last))).squeeze(1)

    def forward(self, x):
        return self.head(self.encode(x)[1]).squeeze(1)


def windows(generator):
    x = torch.randn(BATCH, LENGTH, WIDTH, generator=generator)
    x[:, :, EVENT_FEATURES] = torch.rand(BATCH, LENGTH, generator=generator) * 5  # log gaps
    x[:, :, EVENT_FEATURES + 1] = 0
    x[:, 0, EVENT_FEATURES + 1] = 1
    x[:, :, EVENT_FEATURES + 2] = 1
    # Window 1 holds 3 events after 2 padding steps (zeros).
    x[1, :2] = 0
    x[1, 2, EVENT_FEATURES + 1] = 1
    return x


def next_step_errors(x, predictions):
    d = EVENT_FEATURES
    present = x[:, :, d + 2]
    squared = (predictions[:, :-1] - x[:, 1:, : d + 1]) ** 2
    error = squared[:, :, :d].mean(2) + squared[:, :, d] * GAP_WEIGHT
    mask = present[:, :-1] * present[:, 1:]
    pad = torch.zeros(x.shape[0], 1)
    return torch.cat([pad, error * mask], 1), torch.cat([pad, mask], 1)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


def case(cell, seed):
    torch.manual_seed(seed)
    model = SequenceAnomalyDetector(cell).eval()
    g = torch.Generator().manual_seed(seed + 1)
    x = windows(g).requires_grad_()
    corrupted = windows(g)
    probability = model(x)
    hidden, last = model.encode(torch.cat([x, corrupted], 0))
    predictions = model.next_step(hidden[:BATCH])
    errors, mask = next_step_errors(x, predictions)
    next_step = errors.sum() / mask.sum().clamp_min(1)
    logits = model.logit(last)
    normality = (F.softplus(-logits[:BATCH]).mean() + F.softplus(logits[BATCH:]).mean()) / 2
    loss = next_step + normality
    loss.backward()
    return {
        "state": {k: {"shape": list(v.shape), "values": flat(v)} for k, v in model.state_dict().items()},
        "windows": flat(x), "corrupted": flat(corrupted),
        "probability": flat(probability), "predictions": flat(predictions),
        "errors": flat(errors), "mask": flat(mask),
        "next_step": float(next_step), "normality": float(normality), "loss": float(loss),
        "grad_windows": flat(x.grad),
        "grads": {k: flat(p.grad) for k, p in model.named_parameters()},
    }


torch.set_default_dtype(torch.float32)
result = {
    "event_features": EVENT_FEATURES, "hidden": HIDDEN, "layers": LAYERS, "head_hidden": HEAD_HIDDEN,
    "batch": BATCH, "length": LENGTH, "gap_weight": GAP_WEIGHT,
    "lstm": case("Lstm", 7), "gru": case("Gru", 11),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sequence.json"), "w") as f:
    json.dump(result, f)
print("wrote sequence.json")

"""PyTorch 1.13 side of bench/ResNetTab.Bench.SelfSupervised's speed mode: self-supervised training steps of
TabularResNet (d=256, 6 blocks, dropout 0.1, 50 numerical + 4 categorical columns 100/50/200/1000, batch 256, Adam 1e-3).

  MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_TOP_PAD_=67108864 \
    OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/python/ssl_torch.py --threads 2

masked_reference: the issue's step as models_torch.py writes it (one head per column, CE over each column's masked rows).
masked_fused: the same loss with one fused Linear and a segmented cross-entropy, for comparison.
contrastive: two SCARF views (30 % of cells from other rows) in one 2B forward pass, projection 256->256->128, NT-Xent tau 0.07.
*_bf16: the same under torch.autocast("cpu", dtype=torch.bfloat16).
"""
import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import time


# The model, the reference step and the timing of models_torch.py, shared so both scripts measure the same thing.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models_torch import TabularResNet, best_of_rounds, tabular_masked_training  # noqa: E402


CARDS = [100, 50, 200, 1000]


def inputs():
    numerical = torch.randn(256, 50)
    categorical = torch.stack([torch.randint(3, c, (256,)) for c in CARDS], 1)
    return numerical, categorical


def timed(step, steps):
    for _ in range(3):
        step()
    return best_of_rounds(lambda: [step() for _ in range(steps)], steps * 256)


def masked_fused(steps=30):
    torch.manual_seed(0)
    model = TabularResNet(50, CARDS)
    head = nn.Linear(256, 50 + sum(CARDS))
    opt = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=1e-3)
    model.train()
    numerical, categorical = inputs()
    offsets = torch.tensor([sum(CARDS[:j]) for j in range(len(CARDS))])
    segment = torch.cat([torch.full((c,), j) for j, c in enumerate(CARDS)])

    def step():
        mask = torch.rand(categorical.shape) < 0.15
        out = head(model(numerical, categorical.masked_fill(mask, 0)))
        loss = F.mse_loss(out[:, :50], numerical)
        logits = out[:, 50:]
        with torch.no_grad():
            mx = torch.cat([logits[:, o:o + c].amax(1, keepdim=True) for o, c in zip(offsets.tolist(), CARDS)], 1)
        sums = torch.zeros(256, len(CARDS)).index_add(1, segment, (logits - mx[:, segment]).exp())
        cells = sums.log() + mx - logits.gather(1, categorical + offsets)
        w = mask.float()
        loss = loss + ((cells * w).sum(0) / w.sum(0).clamp_min(1)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()

    return timed(step, steps)


def contrastive(steps=30, precision=None):
    torch.manual_seed(0)
    model = TabularResNet(50, CARDS)
    projection = nn.Sequential(nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 128))
    opt = torch.optim.Adam(list(model.parameters()) + list(projection.parameters()), lr=1e-3)
    model.train()
    numerical, categorical = inputs()

    def view(x):
        swap = torch.rand(x.shape) < 0.3
        donors = torch.randint(0, x.shape[0], x.shape)
        return torch.where(swap, x.gather(0, donors), x)

    def step():
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision is not None):
            z = projection(model(torch.cat([view(numerical), view(numerical)]), torch.cat([view(categorical), view(categorical)])))
        z = F.normalize(z.float(), dim=1)
        sim = (z @ z.t() / 0.07).masked_fill(torch.eye(512, dtype=torch.bool), float("-inf"))
        targets = torch.cat([torch.arange(256, 512), torch.arange(0, 256)])
        loss = F.cross_entropy(sim, targets)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return timed(step, steps)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--steps", type=int, default=30)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    print(f"masked_reference_train_records_per_s {tabular_masked_training(steps=a.steps):.0f}")
    print(f"masked_fused_train_records_per_s {masked_fused(steps=a.steps):.0f}")
    print(f"contrastive_train_records_per_s {contrastive(steps=a.steps):.0f}")
    # torch.autocast on the CPU (bfloat16 Linear layers, float32 elsewhere), as the C# side's MixedPrecision.
    print(f"masked_reference_bf16_train_records_per_s {tabular_masked_training(steps=a.steps, precision=torch.bfloat16):.0f}")
    print(f"contrastive_bf16_train_records_per_s {contrastive(steps=a.steps, precision=torch.bfloat16):.0f}")

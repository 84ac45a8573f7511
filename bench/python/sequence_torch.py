"""PyTorch 1.13 side of bench/ResNetTab.Bench.SelfSupervised's sequence-speed mode: training windows/s of the sequence
detector (LSTM 2 x 128, batch_first, dropout 0.1; head 128->64->1; next-step Linear 128->65) on windows of 16 steps of
64 event features + 3 (log gap, first flag, present flag), batch 64, AdamW 2e-3, gradient clipping at norm 1, float32.

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/python/sequence_torch.py --threads 2

next_step: next-step prediction only (one LSTM pass over B windows).
objective: the library's SequenceObjective step: one corrupted copy per window (shuffled / spliced / gaps of a suffix compressed),
           real and corrupted windows through the LSTM as one 2B batch, next-step MSE + normality BCE.
Best of five rounds of --steps steps, as the C# side.
"""
import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models_torch import best_of_rounds  # noqa: E402

D, L, B, H = 64, 16, 64, 128
W = D + 3


class SequenceAnomalyDetector(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(W, H, 2, batch_first=True, dropout=0.1)
        self.head = nn.Sequential(nn.Linear(H, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())
        self.next_step = nn.Linear(H, D + 1)

    def logit(self, last):
        return self.head[2](self.head[1](self.head[0](last))).squeeze(1)


def windows():
    x = torch.randn(B, L, W)
    x[:, :, D] = torch.rand(B, L) * 5
    x[:, :, D + 1] = 0
    x[:, 0, D + 1] = 1
    x[:, :, D + 2] = 1
    return x


def next_step_loss(x, predictions):
    present = x[:, :, D + 2]
    squared = (predictions[:, :-1] - x[:, 1:, : D + 1]) ** 2
    error = squared[:, :, :D].mean(2) + squared[:, :, D]
    mask = present[:, :-1] * present[:, 1:]
    return (error * mask).sum() / mask.sum().clamp_min(1)


def corrupt(x):
    b, l, w = x.shape
    events, rest, present = x[:, :, :D], x[:, :, D:], x[:, :, D + 2]
    order = (torch.rand(b, l) + present * 2).argsort(1).unsqueeze(2).expand(b, l, D)
    shuffled = torch.cat([events.gather(1, order), rest], 2)
    at = F.one_hot(((torch.rand(b, l) + 1) * present).argmax(1), l).bool().unsqueeze(2)
    donor = events.roll(1, 0)[:, l - 1].unsqueeze(1).expand(b, l, D)
    spliced = torch.cat([torch.where(at, donor, events), rest], 2)
    gap = x[:, :, D:D + 1]
    in_suffix = (torch.arange(l).unsqueeze(0) >= torch.randint(max(l - 1, 1), (b, 1)) + 1).unsqueeze(2)
    compressed = torch.cat([events, torch.where(in_suffix, (gap.expm1() / 30).log1p(), gap), x[:, :, D + 1:]], 2)
    kind = torch.randint(3, (b,)).view(b, 1, 1)
    return torch.where(kind == 0, shuffled, torch.where(kind == 1, spliced, compressed))


def run(case, steps):
    torch.manual_seed(0)
    model = SequenceAnomalyDetector().train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    x = windows()

    def step():
        if case == "next_step":
            hidden, _ = model.rnn(x)
            loss = next_step_loss(x, model.next_step(hidden))
        else:
            hidden, _ = model.rnn(torch.cat([x, corrupt(x)], 0))
            logits = model.logit(hidden[:, -1])
            normality = (F.softplus(-logits[:B]).mean() + F.softplus(logits[B:]).mean()) / 2
            loss = next_step_loss(x, model.next_step(hidden[:B])) + normality
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(3):
        step()
    return best_of_rounds(lambda: [step() for _ in range(steps)], steps * B)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for case in ("next_step", "objective"):
        print(f"sequence_{case}_windows_per_s {run(case, args.steps):.0f}")

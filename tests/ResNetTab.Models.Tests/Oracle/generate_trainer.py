#!/usr/bin/env python3
"""Reference run for the ClassificationTrainer tests, computed with PyTorch 1.13 (CPU, one thread).

A small classifier (Linear(4, 8) -> BatchNorm1d(8) -> ReLU -> Linear(8, 3), as nn.Sequential) trained
for 3 epochs on fixed data, batches of 8 in order (no shuffling), with cross-entropy, SGD (momentum,
weight decay) and CosineAnnealingLR(T_max=3) stepped once per epoch; after each epoch the model is
evaluated in eval mode on a validation set in batches of 4.

Writes trainer_run.json next to this script:
  train_x [24, 4], train_y [24], val_x [10, 4], val_y [10], initial state dict
  runs: for each configuration, its settings, per-epoch (lr, train loss, train accuracy, validation
        loss, validation accuracy) and the final state dict (running statistics included)

Run with /usr/bin/python3 (python3-torch):  python3 generate_trainer.py
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)
torch.manual_seed(0)

train_x = torch.randn(24, 4)
train_y = (train_x[:, 0] + 0.5 * train_x[:, 1] > 0).long() + (train_x[:, 2] > 1).long()
val_x = torch.randn(10, 4)
val_y = (val_x[:, 0] + 0.5 * val_x[:, 1] > 0).long() + (val_x[:, 2] > 1).long()


def make_model():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))


def state(model):
    return [[k, list(v.shape), v.flatten().tolist()] for k, v in model.state_dict().items()]


def run_epoch(model, x, y, batch, optimizer, smoothing):
    training = optimizer is not None
    model.train(training)
    loss_sum, correct = 0.0, 0
    with torch.set_grad_enabled(training):
        for start in range(0, len(y), batch):
            xb, yb = x[start:start + batch], y[start:start + batch]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb, label_smoothing=smoothing)
            if training:
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            loss_sum += loss.item() * len(yb)
            correct += (logits.argmax(1) == yb).sum().item()
    return loss_sum / len(y), correct / len(y)


def train(config):
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=config["lr"], momentum=config["momentum"],
                          weight_decay=config["weight_decay"], nesterov=config["nesterov"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config["epochs"], eta_min=config["eta_min"])
    epochs = []
    for _ in range(config["epochs"]):
        lr = opt.param_groups[0]["lr"]
        tl, ta = run_epoch(model, train_x, train_y, 8, opt, config["label_smoothing"])
        vl, va = run_epoch(model, val_x, val_y, 4, None, config["label_smoothing"])
        sched.step()
        epochs.append({"lr": lr, "train_loss": tl, "train_accuracy": ta, "val_loss": vl, "val_accuracy": va})
    return {"config": config, "epochs": epochs, "final_state": state(model)}


configs = [
    {"epochs": 3, "lr": 0.1, "eta_min": 0.0, "momentum": 0.9, "weight_decay": 5e-4, "nesterov": False, "label_smoothing": 0.0},
    {"epochs": 3, "lr": 0.2, "eta_min": 0.01, "momentum": 0.8, "weight_decay": 1e-3, "nesterov": True, "label_smoothing": 0.1},
]
out = {
    "train_x": train_x.flatten().tolist(), "train_y": train_y.tolist(),
    "val_x": val_x.flatten().tolist(), "val_y": val_y.tolist(),
    "initial_state": state(make_model()),
    "runs": [train(c) for c in configs],
}
with open(os.path.join(HERE, "trainer_run.json"), "w") as f:
    json.dump(out, f)
print("wrote trainer_run.json")

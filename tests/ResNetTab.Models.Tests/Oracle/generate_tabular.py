#!/usr/bin/env python3
"""Reference data for the TabularResNet tests, computed with PyTorch 1.13 (CPU, one thread).

Writes next to this script:
  tabular_parity.json
    config           the small model: 5 numerical features, cardinalities [7, 4, 11], d_model 32,
                     2 blocks, 3 classes
    state_dict       [key, shape, dtype, values] of every entry, in PyTorch's state-dict order. Weights
                     are PyTorch's seeded default initialisation (torch.manual_seed(0)); normalisation
                     weights/biases and BatchNorm running statistics are perturbed (seeded) so that the
                     parity check exercises them.
    numerical        the fixed batch [6, 5] (float32)
    categorical      the fixed batch [6, 3] (int64), with 0 and cardinality - 1 in every column
    eval             eval-mode logits [6, 3] and embeddings [6, 32]
    train            the same state dict loaded into a dropout=0 instance, one forward in train mode:
                     logits, every BatchNorm buffer after the forward, and the gradients of
                     sum(logits * loss_weights) for a few parameters
    counts           parameter counts and state-dict keys of reference configurations

Run with /usr/bin/python3 (python3-torch):  python3 generate_tabular.py
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- the reference model, verbatim -------------------------------------------------------------

class TabularResidualBlock(nn.Module):
    def __init__(self, d, dropout=0.1):
        super().__init__()
        self.fc1 = nn.Linear(d, d); self.bn1 = nn.BatchNorm1d(d)
        self.fc2 = nn.Linear(d, d); self.bn2 = nn.BatchNorm1d(d)
        self.dropout = nn.Dropout(dropout)
    def forward(self, x):
        residual = x
        out = self.dropout(F.relu(self.bn1(self.fc1(x))))
        out = self.bn2(self.fc2(out))
        out = F.relu(out + residual)
        return self.dropout(out)

class TabularResNet(nn.Module):
    def __init__(self, num_numerical_features, categorical_cardinalities, d_model=256, num_blocks=6, dropout=0.1, num_classes=None):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(c, d_model // 4) for c in categorical_cardinalities])
        self.numerical_projection = nn.Linear(num_numerical_features, d_model // 2)
        input_dim = d_model // 2 + len(categorical_cardinalities) * (d_model // 4)
        self.initial_projection = nn.Linear(input_dim, d_model)
        self.initial_bn = nn.BatchNorm1d(d_model)
        self.blocks = nn.ModuleList([TabularResidualBlock(d_model, dropout) for _ in range(num_blocks)])
        self.final_norm = nn.LayerNorm(d_model)
        self.classifier = nn.Sequential(nn.Linear(d_model, d_model // 2), nn.ReLU(), nn.Dropout(dropout), nn.Linear(d_model // 2, num_classes)) if num_classes else None
    def forward(self, numerical, categorical, return_embedding=False):
        x = self.numerical_projection(numerical)
        cats = [emb(categorical[:, i]) for i, emb in enumerate(self.embeddings)]
        x = torch.cat([x] + cats, dim=1)
        x = F.relu(self.initial_bn(self.initial_projection(x)))
        for block in self.blocks: x = block(x)
        embedding = self.final_norm(x)
        if return_embedding or self.classifier is None: return embedding
        return self.classifier(embedding)

# ------------------------------------------------------------------------------------------------

NUMERICAL = 5
CARDINALITIES = [7, 4, 11]
D_MODEL = 32
BLOCKS = 2
CLASSES = 3
ROWS = 6
GRAD_KEYS = ["embeddings.0.weight", "embeddings.2.weight", "numerical_projection.weight", "initial_bn.weight",
             "blocks.1.fc2.weight", "blocks.0.bn1.bias", "final_norm.weight", "classifier.3.bias"]


def floats(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def entry(key, t):
    dtype = "int64" if t.dtype == torch.int64 else "float32"
    values = [int(v) for v in t.reshape(-1).tolist()] if dtype == "int64" else floats(t)
    return [key, list(t.shape), dtype, values]


def perturb(model, g):
    with torch.no_grad():
        for name, module in model.named_modules():
            if isinstance(module, (nn.BatchNorm1d, nn.LayerNorm)):
                module.weight.copy_(1.0 + 0.2 * torch.randn(module.weight.shape, generator=g))
                module.bias.copy_(0.1 * torch.randn(module.bias.shape, generator=g))
            if isinstance(module, nn.BatchNorm1d):
                module.running_mean.copy_(0.1 * torch.randn(module.running_mean.shape, generator=g))
                module.running_var.copy_(0.5 + torch.rand(module.running_var.shape, generator=g))
                module.num_batches_tracked.fill_(3)


def count(model):
    return sum(p.numel() for p in model.parameters())


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1234)

    model = TabularResNet(NUMERICAL, CARDINALITIES, d_model=D_MODEL, num_blocks=BLOCKS, dropout=0.1, num_classes=CLASSES)
    perturb(model, g)
    state = model.state_dict()

    numerical = torch.randn(ROWS, NUMERICAL, generator=g)
    categorical = torch.stack([torch.randint(0, c, (ROWS,), generator=g) for c in CARDINALITIES], dim=1)
    for j, c in enumerate(CARDINALITIES):
        categorical[0, j] = 0
        categorical[1, j] = c - 1

    model.eval()
    with torch.no_grad():
        logits = model(numerical, categorical)
        embedding = model(numerical, categorical, return_embedding=True)

    # Train mode: dropout 0 so the forward is deterministic; BatchNorm uses and updates batch statistics.
    train_model = TabularResNet(NUMERICAL, CARDINALITIES, d_model=D_MODEL, num_blocks=BLOCKS, dropout=0.0, num_classes=CLASSES)
    train_model.load_state_dict(state)
    train_model.train()
    loss_weights = torch.linspace(-1.0, 1.0, ROWS * CLASSES).reshape(ROWS, CLASSES)
    train_logits = train_model(numerical, categorical)
    (train_logits * loss_weights).sum().backward()
    params = dict(train_model.named_parameters())
    buffers_after = [entry(k, v) for k, v in train_model.state_dict().items()
                     if k.endswith(("running_mean", "running_var", "num_batches_tracked"))]

    big = TabularResNet(50, [100, 50, 200, 1000], d_model=256, num_blocks=6, dropout=0.1, num_classes=None)
    big_cls = TabularResNet(50, [100, 50, 200, 1000], d_model=256, num_blocks=6, dropout=0.1, num_classes=10)

    doc = {
        "config": {"numerical": NUMERICAL, "cardinalities": CARDINALITIES, "d_model": D_MODEL, "blocks": BLOCKS,
                   "classes": CLASSES, "rows": ROWS, "torch": torch.__version__},
        "state_dict": [entry(k, v) for k, v in state.items()],
        "numerical": floats(numerical),
        "categorical": [int(v) for v in categorical.reshape(-1).tolist()],
        "eval": {"logits": floats(logits), "embedding": floats(embedding)},
        "train": {
            "logits": floats(train_logits),
            "loss_weights": floats(loss_weights),
            "buffers": buffers_after,
            "grads": [[k, floats(params[k].grad)] for k in GRAD_KEYS],
        },
        "counts": {
            "small": {"parameters": count(model), "keys": list(state.keys())},
            "big_no_classifier": {"parameters": count(big), "keys": list(big.state_dict().keys())},
            "big_10_classes": {"parameters": count(big_cls)},
        },
    }
    with open(os.path.join(HERE, "tabular_parity.json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("parameters: small", count(model), "big", count(big), "big+10 classes", count(big_cls))


if __name__ == "__main__":
    main()

"""PyTorch side of bench/ResNetTab.Bench.Models: same models, batch sizes and thread count.

  OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/python/models_torch.py --threads 2
"""
import argparse
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# The .float() after each Linear is a no-op in float32; under torch.autocast("cpu", bfloat16) it keeps everything but the
# matrix products in float32, as ResNetTab's MixedPrecision does.
class TabularResidualBlock(nn.Module):
    def __init__(self, d, dropout=0.1):
        super().__init__()
        self.fc1 = nn.Linear(d, d); self.bn1 = nn.BatchNorm1d(d)
        self.fc2 = nn.Linear(d, d); self.bn2 = nn.BatchNorm1d(d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        out = self.dropout(F.relu(self.bn1(self.fc1(x).float())))
        out = self.bn2(self.fc2(out).float())
        return self.dropout(F.relu(out + x))


class TabularResNet(nn.Module):
    def __init__(self, n_num, cards, d=256, blocks=6, dropout=0.1):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(c, d // 4) for c in cards])
        self.numerical_projection = nn.Linear(n_num, d // 2)
        self.initial_projection = nn.Linear(d // 2 + len(cards) * (d // 4), d)
        self.initial_bn = nn.BatchNorm1d(d)
        self.blocks = nn.ModuleList([TabularResidualBlock(d, dropout) for _ in range(blocks)])
        self.final_norm = nn.LayerNorm(d)

    def forward(self, numerical, categorical):
        x = torch.cat([self.numerical_projection(numerical).float()] + [e(categorical[:, i]) for i, e in enumerate(self.embeddings)], dim=1)
        x = F.relu(self.initial_bn(self.initial_projection(x).float()))
        for b in self.blocks:
            x = b(x)
        return self.final_norm(x)


def tabular_masked_training(steps=30, precision=None):
    """Masked-feature training step: Bernoulli(0.15) mask over the 4 categorical cells (masked cells set to
    0), loss = MSE(Linear(256->50)(embedding), numerical) + sum_j cross-entropy of Linear(256->card_j)
    over the masked rows of column j; Adam 1e-3, batch 256. precision=torch.bfloat16 runs the forward under
    torch.autocast("cpu", dtype=torch.bfloat16)."""
    torch.manual_seed(0)
    cards = [100, 50, 200, 1000]
    model = TabularResNet(50, cards)
    num_head = nn.Linear(256, 50)
    cat_heads = nn.ModuleList([nn.Linear(256, c) for c in cards])
    params = list(model.parameters()) + list(num_head.parameters()) + list(cat_heads.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    model.train()
    numerical = torch.randn(256, 50)
    categorical = torch.stack([torch.randint(3, c, (256,)) for c in cards], 1)

    def step():
        mask = torch.rand(categorical.shape) < 0.15
        masked = categorical.masked_fill(mask, 0)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision is not None):
            emb = model(numerical, masked)
            loss = F.mse_loss(num_head(emb).float(), numerical)
            for j, head in enumerate(cat_heads):
                rows = mask[:, j]
                if rows.any():
                    loss = loss + F.cross_entropy(head(emb[rows]).float(), categorical[rows, j])
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    return best_of_rounds(lambda: [step() for _ in range(steps)], steps * 256)


def best_of_rounds(run, items, rounds=5):
    """Items per second of the fastest of five rounds (as the C# side)."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return items / best


def resnet18(cifar):
    import torchvision  # only the ResNet cases need it
    m = torchvision.models.resnet18(num_classes=10)
    if cifar:
        m.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        m.maxpool = nn.Identity()
    return m


def train_images(model, steps=10):
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(64, 3, 32, 32)
    y = torch.randint(10, (64,))

    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()

    for _ in range(3):
        step()
    return best_of_rounds(lambda: [step() for _ in range(steps)], steps * 64)


@torch.no_grad()
def eval_images(model, steps=20):
    model.eval()
    x = torch.randn(64, 3, 32, 32)
    for _ in range(3):
        model(x)
    return best_of_rounds(lambda: [model(x) for _ in range(steps)], steps * 64)


@torch.no_grad()
def tabular_embeddings(steps=20):
    model = TabularResNet(50, [100, 50, 200, 1000]).eval()
    num = torch.randn(1024, 50)
    cat = torch.stack([torch.randint(c, (1024,)) for c in [100, 50, 200, 1000]], 1)
    for _ in range(3):
        model(num, cat)
    return best_of_rounds(lambda: [model(num, cat) for _ in range(steps)], steps * 1024)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for name, cifar in [("cifar_stem", True), ("imagenet_stem", False)]:
        m = resnet18(cifar)
        print(f"resnet18_{name}_train_images_per_s {train_images(m):.1f}")
        print(f"resnet18_{name}_eval_images_per_s {eval_images(m, steps=20 if cifar else 60):.1f}")
    print(f"tabular_resnet_eval_embeddings_per_s {tabular_embeddings(steps=60):.0f}")
    print(f"tabular_resnet_masked_train_records_per_s {tabular_masked_training(steps=30):.0f}")

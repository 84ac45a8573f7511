"""Reference values for ResNetTab.SelfSupervised's losses, computed with PyTorch 1.13 the plain way
(one cross-entropy call per column over its masked rows, no fused head, no segmented logsumexp).

  /usr/bin/python3 tests/ResNetTab.SelfSupervised.Tests/Oracle/generate_oracle.py

Writes losses.json beside this script: fixed embeddings, head weights, targets and masks, and the losses and
gradients of (1) masked feature prediction and (2) NT-Xent at two temperatures.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)  # reference in double; the C# side runs float32 and compares at 1e-5

rows, width = 6, 5
cards = [4, 3, 5]
n_num = 3
lam = 0.5

embedding = torch.randn(rows, width, requires_grad=True)
cat_weight = (torch.randn(sum(cards), width) * 0.5).requires_grad_()
cat_bias = (torch.randn(sum(cards)) * 0.1).requires_grad_()
num_weight = (torch.randn(n_num, width) * 0.5).requires_grad_()
num_bias = (torch.randn(n_num) * 0.1).requires_grad_()
categorical = torch.stack([torch.randint(0, c, (rows,)) for c in cards], 1)
numerical = torch.randn(rows, n_num)
# Column 2 of the categorical mask and column 1 of the numerical mask have no masked cell (the empty-column case).
cat_mask = torch.tensor([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=torch.bool)
num_mask = torch.tensor([[1, 0, 0], [0, 0, 1], [0, 0, 0], [1, 0, 1], [0, 0, 0], [1, 0, 0]], dtype=torch.bool)

logits = embedding @ cat_weight.t() + cat_bias
predictions = embedding @ num_weight.t() + num_bias
ce_sum = torch.zeros(())
offset = 0
for j, c in enumerate(cards):
    rows_j = cat_mask[:, j]
    if rows_j.any():
        ce_sum = ce_sum + F.cross_entropy(logits[rows_j, offset:offset + c], categorical[rows_j, j], reduction="sum")
    offset += c
categorical_term = ce_sum / max(int(cat_mask.sum()), 1)
numerical_term = ((predictions - numerical) ** 2)[num_mask].sum() / max(int(num_mask.sum()), 1)
loss = categorical_term + lam * numerical_term
loss.backward()

cells = []
offset = 0
for j, c in enumerate(cards):
    cells.append(F.cross_entropy(logits[:, offset:offset + c], categorical[:, j], reduction="none"))
    offset += c
cell_losses = torch.stack(cells, 1)

def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]

masked = {
    "rows": rows, "width": width, "cardinalities": cards, "numerical_columns": n_num, "lambda": lam,
    "embedding": flat(embedding), "categorical_weight": flat(cat_weight), "categorical_bias": flat(cat_bias),
    "numerical_weight": flat(num_weight), "numerical_bias": flat(num_bias),
    "categorical": [int(v) for v in categorical.reshape(-1)], "numerical": flat(numerical),
    "categorical_mask": [bool(v) for v in cat_mask.reshape(-1)], "numerical_mask": [bool(v) for v in num_mask.reshape(-1)],
    "loss": float(loss), "categorical_term": float(categorical_term), "numerical_term": float(numerical_term),
    "categorical_cell_losses": flat(cell_losses),
    "grad_embedding": flat(embedding.grad), "grad_categorical_weight": flat(cat_weight.grad), "grad_categorical_bias": flat(cat_bias.grad),
    "grad_numerical_weight": flat(num_weight.grad), "grad_numerical_bias": flat(num_bias.grad),
}

def nt_xent(z1, z2, tau):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.t() / tau
    b = z1.shape[0]
    sim = sim.masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
    targets = torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])
    return F.cross_entropy(sim, targets)

contrastive = []
for tau in (0.07, 0.5):
    z1 = torch.randn(4, 3, requires_grad=True)
    z2 = torch.randn(4, 3, requires_grad=True)
    value = nt_xent(z1, z2, tau)
    value.backward()
    contrastive.append({"temperature": tau, "first": flat(z1), "second": flat(z2), "loss": float(value),
                        "grad_first": flat(z1.grad), "grad_second": flat(z2.grad)})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "masked": masked, "contrastive": contrastive}, f, indent=1)
print(f"wrote {out} (torch {torch.__version__})")

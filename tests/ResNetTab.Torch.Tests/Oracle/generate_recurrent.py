"""Expected LSTM/GRU outputs, final states and gradients from PyTorch 1.13 on formula weights.

Run with /usr/bin/python3 from this folder; writes recurrent.json. Every state-dict entry i with n
elements is set to 0.3 * sin(0.37 * arange(n) + 1.3 * i), so C# rebuilds the same weights without
storing them.
"""
import json

import torch

torch.set_num_threads(1)


def formula(n, i):
    return 0.3 * torch.sin(0.37 * torch.arange(n, dtype=torch.float64) + 1.3 * i)


def run(kind, **kw):
    cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
    m = cls(dtype=torch.float64, **kw)
    with torch.no_grad():
        for i, (name, p) in enumerate(m.state_dict().items()):
            p.copy_(formula(p.numel(), i).reshape(p.shape))
    batch_first = kw.get("batch_first", False)
    shape = (2, 5, kw["input_size"]) if batch_first else (5, 2, kw["input_size"])
    x = (torch.arange(2 * 5 * kw["input_size"], dtype=torch.float64) * 0.11).cos().reshape(shape).requires_grad_(True)
    out, state = m(x)
    h = state[0] if kind == "lstm" else state
    loss = out.square().sum() + h.sum() + (state[1].sum() if kind == "lstm" else 0)
    loss.backward()
    item = {
        "kind": kind, "args": kw, "input_shape": list(shape),
        "names": list(m.state_dict().keys()), "shapes": [list(p.shape) for p in m.state_dict().values()],
        "output": out.detach().flatten().tolist(), "output_shape": list(out.shape),
        "h_n": h.detach().flatten().tolist(),
        "input_grad": x.grad.flatten().tolist(),
        "weight_ih_l0_grad": m.weight_ih_l0.grad.flatten().tolist(),
    }
    if kind == "lstm":
        item["c_n"] = state[1].detach().flatten().tolist()
    return item


cases = [
    run("lstm", input_size=3, hidden_size=4),
    run("lstm", input_size=3, hidden_size=4, num_layers=2, bidirectional=True, batch_first=True),
    run("gru", input_size=3, hidden_size=4),
    run("gru", input_size=3, hidden_size=4, num_layers=2, bidirectional=True, batch_first=True, bias=False),
]
with open("recurrent.json", "w") as fh:
    json.dump({"torch": torch.__version__, "cases": cases}, fh)
print(len(cases), "cases")

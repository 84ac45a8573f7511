#!/usr/bin/python3
"""Writes optim.json: PyTorch 1.13 reference trajectories for the optimizers, the learning-rate
schedulers and gradient clipping.

Run with the system interpreter:

    /usr/bin/python3 tests/ResNetTab.Torch.Tests/Oracle/generate_optim.py

The problem is small, deterministic and float64: parameters W (2x3) and b (2,), fixed x (3x4) and y
(2x4), all sines/cosines of aranges, and

    loss = sum(r * r) + sum(sin(W)) + 0.5 * sum(b * b * b),   r = W @ x + b[:, None] - y.

Optimizer cases record W and b (flattened, W first) after each of STEPS steps. Scheduler cases record
get_last_lr() after construction and after each step (and the cycled momentum / beta1 for OneCycleLR).
Clip cases record the returned total norm and the clipped gradients of the initial parameters.
"""

import json
import os

import torch

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
F64 = torch.float64
STEPS = 25
SCHED_STEPS = 40


def problem():
    W = (torch.arange(6, dtype=F64) * 0.7 + 0.1).sin().reshape(2, 3) * 0.5
    b = (torch.arange(2, dtype=F64) * 1.3).cos() * 0.2
    x = (torch.arange(12, dtype=F64) * 0.37).cos().reshape(3, 4)
    y = (torch.arange(8, dtype=F64) * 0.53).sin().reshape(2, 4)
    return W, b, x, y


def loss_fn(W, b, x, y):
    r = W.mm(x) + b.unsqueeze(1) - y
    return (r * r).sum() + W.sin().sum() + (b * b * b).sum() * 0.5


def flat(*ts):
    return [v for t in ts for v in t.detach().reshape(-1).tolist()]


OPT = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW, "RMSprop": torch.optim.RMSprop}

# name, kind, defaults (C# argument names; Adam betas as beta1/beta2), optional groups
OPTIMIZER_CASES = [
    ("sgd_plain", "SGD", {"lr": 0.05}, None),
    ("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9}, None),
    ("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, None),
    ("sgd_dampening", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}, None),
    ("sgd_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}, None),
    ("sgd_maximize", "SGD", {"lr": 0.01, "momentum": 0.3, "maximize": True}, None),
    ("adam_plain", "Adam", {"lr": 0.05}, None),
    ("adam_betas", "Adam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}, None),
    ("adam_amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}, None),
    ("adam_weight_decay", "Adam", {"lr": 0.05, "weight_decay": 0.1}, None),
    ("adam_maximize", "Adam", {"lr": 0.01, "maximize": True}, None),
    ("adamw_plain", "AdamW", {"lr": 0.05}, None),
    ("adamw_amsgrad", "AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}, None),
    ("rmsprop_plain", "RMSprop", {"lr": 0.01}, None),
    ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}, None),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}, None),
    ("rmsprop_weight_decay", "RMSprop", {"lr": 0.01, "weight_decay": 0.1, "alpha": 0.9}, None),
    ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.5}, None),
    ("sgd_two_groups", "SGD", {"lr": 0.05, "momentum": 0.9},
     [{"params": "W"}, {"params": "b", "lr": 0.01, "weight_decay": 0.1}]),
    ("adam_two_groups", "Adam", {"lr": 0.05},
     [{"params": "W", "lr": 0.02}, {"params": "b", "weight_decay": 0.2}]),
]


def torch_kwargs(kind, args):
    kw = dict(args)
    if "beta1" in kw or "beta2" in kw:
        kw["betas"] = (kw.pop("beta1", 0.9), kw.pop("beta2", 0.999))
    return kw


def optimizer_case(name, kind, args, groups):
    W, b, x, y = problem()
    W.requires_grad_(True)
    b.requires_grad_(True)
    named = {"W": W, "b": b}
    if groups is None:
        opt = OPT[kind]([W, b], **torch_kwargs(kind, args))
    else:
        pg = [dict({k: v for k, v in g.items() if k != "params"}, params=[named[g["params"]]]) for g in groups]
        opt = OPT[kind](pg, **torch_kwargs(kind, args))
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss_fn(W, b, x, y).backward()
        opt.step()
        traj.append(flat(W, b))
    return {"name": name, "kind": kind, "args": args, "groups": groups, "trajectory": traj}


def plateau_metrics():
    # Improves, stalls, improves a little (below and above the threshold), then stalls for good.
    m = [1.0, 0.8, 0.7, 0.69, 0.695, 0.7, 0.71, 0.72, 0.5, 0.499, 0.4995, 0.52, 0.51, 0.53, 0.54,
         0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.39, 0.40, 0.2, 0.25, 0.26, 0.27]
    return m + [0.27 + 0.01 * i for i in range(SCHED_STEPS - len(m))]


# name, optimizer kind, optimizer args, scheduler kind, scheduler args
SCHEDULER_CASES = [
    ("step", "SGD", {"lr": 0.1, "momentum": 0.9}, "StepLR", {"step_size": 7, "gamma": 0.5}),
    ("multistep", "SGD", {"lr": 0.1, "momentum": 0.9}, "MultiStepLR", {"milestones": [5, 12, 12, 30], "gamma": 0.3}),
    ("exponential", "SGD", {"lr": 0.1}, "ExponentialLR", {"gamma": 0.93}),
    ("cosine", "SGD", {"lr": 0.1}, "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}),
    ("cosine_no_min", "Adam", {"lr": 0.01}, "CosineAnnealingLR", {"T_max": 13}),
    ("linear_warmup", "SGD", {"lr": 0.1}, "LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}),
    ("linear_decay", "SGD", {"lr": 0.1}, "LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 20}),
    ("onecycle_cos", "SGD", {"lr": 0.1, "momentum": 0.9}, "OneCycleLR", {"max_lr": 0.5, "total_steps": SCHED_STEPS}),
    ("onecycle_linear_three_phase", "Adam", {"lr": 0.01}, "OneCycleLR",
     {"max_lr": 0.02, "total_steps": SCHED_STEPS, "anneal_strategy": "linear", "three_phase": True,
      "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0}),
    ("onecycle_epochs", "SGD", {"lr": 0.1, "momentum": 0.9}, "OneCycleLR",
     {"max_lr": 0.3, "epochs": 8, "steps_per_epoch": 5, "pct_start": 0.4, "base_momentum": 0.8, "max_momentum": 0.9}),
    ("plateau_min", "SGD", {"lr": 0.1}, "ReduceLROnPlateau",
     {"mode": "min", "factor": 0.5, "patience": 3, "threshold": 0.01, "cooldown": 2, "min_lr": 0.004}),
    ("plateau_max_abs", "SGD", {"lr": 0.1}, "ReduceLROnPlateau",
     {"mode": "max", "factor": 0.3, "patience": 2, "threshold": 0.05, "threshold_mode": "abs", "eps": 1e-3}),
]


def scheduler_case(name, opt_kind, opt_args, kind, args):
    W, b, _, _ = problem()
    W.requires_grad_(True)
    b.requires_grad_(True)
    # Two groups: the second at half the first's rate, so per-group handling is checked.
    kw = torch_kwargs(opt_kind, opt_args)
    opt = OPT[opt_kind]([{"params": [W]}, {"params": [b], "lr": kw["lr"] / 2}], **kw)
    cls = getattr(torch.optim.lr_scheduler, kind)
    sched = cls(opt, **args)
    momentum_key = "betas" if opt_kind in ("Adam", "AdamW") else "momentum"

    def momenta():
        return [g[momentum_key][0] if momentum_key == "betas" else g[momentum_key] for g in opt.param_groups]

    plateau = kind == "ReduceLROnPlateau"
    lrs = [[g["lr"] for g in opt.param_groups]] if plateau else [list(sched.get_last_lr())]
    moms = [momenta()]
    metrics = plateau_metrics()
    for i in range(SCHED_STEPS):
        opt.step()
        if plateau:
            sched.step(metrics[i])
        else:
            sched.step()
        lrs.append([g["lr"] for g in opt.param_groups] if plateau else list(sched.get_last_lr()))
        moms.append(momenta())
    case = {"name": name, "optimizer": opt_kind, "optimizer_args": opt_args, "kind": kind, "args": args, "lrs": lrs}
    if kind == "OneCycleLR":
        case["momentum"] = moms
    if plateau:
        case["metrics"] = metrics[:SCHED_STEPS]
    return case


CLIP_CASES = [
    ("norm2_clipped", "norm", {"max_norm": 1.0, "norm_type": 2.0}),
    ("norm2_not_clipped", "norm", {"max_norm": 1000.0, "norm_type": 2.0}),
    ("norm_inf", "norm", {"max_norm": 0.5, "norm_type": "inf"}),
    ("norm1", "norm", {"max_norm": 2.0, "norm_type": 1.0}),
    ("value", "value", {"clip_value": 0.3}),
]


def clip_case(name, kind, args):
    W, b, x, y = problem()
    W.requires_grad_(True)
    b.requires_grad_(True)
    loss_fn(W, b, x, y).backward()
    grads_before = flat(W.grad, b.grad)
    total = None
    if kind == "norm":
        nt = float("inf") if args["norm_type"] == "inf" else args["norm_type"]
        total = torch.nn.utils.clip_grad_norm_([W, b], args["max_norm"], nt).item()
    else:
        torch.nn.utils.clip_grad_value_([W, b], args["clip_value"])
    return {"name": name, "kind": kind, "args": args, "grads_before": grads_before,
            "total_norm": total, "grads": flat(W.grad, b.grad)}


def main():
    W, b, x, y = problem()
    out = {
        "problem": {"W": flat(W), "b": flat(b), "x": flat(x), "y": flat(y)},
        "steps": STEPS,
        "optimizers": [optimizer_case(*c) for c in OPTIMIZER_CASES],
        "schedulers": [scheduler_case(*c) for c in SCHEDULER_CASES],
        "clip": [clip_case(*c) for c in CLIP_CASES],
    }
    path = os.path.join(HERE, "optim.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()

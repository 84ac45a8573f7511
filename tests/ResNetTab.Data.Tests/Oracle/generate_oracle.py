#!/usr/bin/env python3
"""Independent reference values for ResNetTab.Data encoding tests (NumPy, SciPy, scikit-learn, stdlib).

Run from this folder: /usr/bin/python3 generate_oracle.py   (writes oracle.json, committed; tests never run Python)
"""
import datetime
import json
import math

import numpy as np
from sklearn.preprocessing import QuantileTransformer

rng = np.random.default_rng(7)
# Heavy-tailed, non-negative, with ties (rounded) -- like byte counts.
sample = np.round(rng.lognormal(mean=6.0, sigma=1.5, size=300), 0)
sample[:20] = 0.0
points = np.array([-5.0, 0.0, 0.5, 1.0, 37.0, float(np.median(sample)), 400.0, 1000.0, 5000.0,
                   float(sample.max()), float(sample.max()) * 10])

# Quantile-normal, the scikit-learn definition.
qt = QuantileTransformer(n_quantiles=100, output_distribution="normal", subsample=10**9)
qt.fit(sample.reshape(-1, 1))
qn = qt.transform(points.reshape(-1, 1)).ravel()

# Robust scaling on log1p values: (x - median) / IQR with linear percentiles.
logs = np.log1p(sample)
med = float(np.percentile(logs, 50))
iqr = float(np.percentile(logs, 75) - np.percentile(logs, 25))
robust = (np.sign(points) * np.log1p(np.abs(points)) - med) / iqr

# Time features from the calendar, not from modular arithmetic.
times = [0, 1_700_000_000_000, 1_729_048_460_000, 1_600_000_000_123, -86_400_000 * 3 + 3_600_000 * 5]
time_rows = []
for ms in times:
    dt = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=ms)
    hour = dt.hour + dt.minute / 60 + dt.second / 3600 + dt.microsecond / 3.6e9
    dow = (dt.weekday() + 1) % 7  # Sunday = 0
    time_rows.append({"ms": ms, "hour": hour, "dow": dow,
                      "hour_sin": math.sin(2 * math.pi * hour / 24), "hour_cos": math.cos(2 * math.pi * hour / 24),
                      "dow_sin": math.sin(2 * math.pi * dow / 7), "dow_cos": math.cos(2 * math.pi * dow / 7)})


def fnv1a64(s):
    h = 14695981039346656037
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 1099511628211) % 2**64
    return h


hash_rows = [{"text": t, "fnv1a64": str(fnv1a64(t)), "bucket1024": fnv1a64(t) % 1024}
             for t in ["", "a", "foobar", "10.0.0.1", "actor.user.name", "Zürich", "192.168.1.0/24"]]

out = {
    "sample": sample.tolist(),
    "points": points.tolist(),
    "quantile_normal": {"n_quantiles": 100, "quantiles": qt.quantiles_.ravel().tolist(), "expected": qn.tolist()},
    "robust_log1p": {"median": med, "iqr": iqr, "expected": robust.tolist()},
    "log1p": {"x": [0.0, 1e-10, 0.5, 1.0, 1e6], "expected": np.log1p([0.0, 1e-10, 0.5, 1.0, 1e6]).tolist()},
    "time": time_rows,
    "hash": hash_rows,
}
with open("oracle.json", "w") as f:
    json.dump(out, f, indent=1)

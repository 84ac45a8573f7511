#!/usr/bin/env python3
"""pandas baseline for the ResNetTab.Data featurization benchmark (see bench/README.md).

Does what the C# benchmark does, the usual pandas way, on the same JSON Lines file:
fit on the first --fit events, then stream the whole file in chunks of --chunk lines:
json.loads -> pd.json_normalize (dotted columns) -> encodings comparable to TabularPreprocessor:
  * categorical: vocabulary codes fitted on the sample (0 mask, 1 missing, 2 unknown, 3.. categories);
    enum-like numeric fields (*_id, *_uid, port) are categorical too; near-unique strings are dropped;
  * numeric: log1p for non-negative heavy-tailed fields, robust scaling (median/IQR), clip to +-5,
    missing -> 0 plus an is_missing indicator;
  * timestamps (time, *_time): hour-of-day and day-of-week sin/cos;
  * arrays (lists after json_normalize): their length.
Prints events/s. Usage: /usr/bin/python3 bench/python/featurize_pandas.py FILE [--fit 50000] [--chunk 20000] [--limit N]
"""
import argparse
import json
import resource
import time

import numpy as np
import pandas as pd


def load(lines):
    return pd.json_normalize([json.loads(line) for line in lines])


def chunks(path, size, limit):
    buf, n = [], 0
    with open(path, "rb") as f:
        for line in f:
            if limit and n >= limit:
                break
            buf.append(line)
            n += 1
            if len(buf) == size:
                yield buf
                buf = []
    if buf:
        yield buf


def is_list_column(s):
    first = s.dropna()
    return len(first) > 0 and isinstance(first.iloc[0], list)


def fit(df):
    plan = []
    n = len(df)
    for col in df.columns:
        s = df[col]
        present = s.notna().sum()
        if present == 0:
            continue
        if is_list_column(s):
            plan.append(("len", col, None))
            continue
        leaf = col.rsplit(".", 1)[-1]
        if leaf == "time" or leaf.endswith("_time"):
            plan.append(("time", col, None))
            continue
        numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
        if numeric and not (leaf.endswith("_id") or leaf.endswith("_uid") or leaf == "port"):
            x = s.dropna().astype(float)
            log = bool((x >= 0).all() and (x.quantile(0.99) > 100 * (x.median() + 1) or
                                            any(k in leaf for k in ("bytes", "packets", "duration", "size", "count"))))
            if log:
                x = np.log1p(x)
            med, iqr = x.median(), x.quantile(0.75) - x.quantile(0.25)
            plan.append(("num", col, (log, med, iqr if iqr > 0 else 1.0, present < n)))
            continue
        text = s.dropna().astype(str)
        counts = text.value_counts()
        if len(counts) == 1 and present == n:
            continue  # constant
        if present >= 50 and len(counts) / present >= 0.9:
            continue  # near-unique identifier
        vocab = counts[counts >= 2].index
        plan.append(("cat", col, pd.CategoricalDtype(categories=vocab)))
    return plan


def transform(df, plan):
    n = len(df)
    num, cat = [], []
    for kind, col, p in plan:
        s = df[col] if col in df.columns else pd.Series([None] * n, dtype=object)
        if kind == "len":
            num.append(s.map(lambda v: len(v) if isinstance(v, list) else 0).to_numpy(np.float32))
        elif kind == "time":
            t = pd.to_datetime(pd.to_numeric(s, errors="coerce"), unit="ms", utc=True)
            h = (t.dt.hour + t.dt.minute / 60 + t.dt.second / 3600).to_numpy(np.float64)
            d = ((t.dt.dayofweek + 1) % 7).to_numpy(np.float64)
            for v in (np.sin(2 * np.pi * h / 24), np.cos(2 * np.pi * h / 24), np.sin(2 * np.pi * d / 7), np.cos(2 * np.pi * d / 7)):
                num.append(np.nan_to_num(v).astype(np.float32))
        elif kind == "num":
            log, med, iqr, indicator = p
            x = pd.to_numeric(s, errors="coerce").to_numpy(np.float64)
            missing = ~np.isfinite(x)
            if log:
                x = np.sign(x) * np.log1p(np.abs(x))
            x = np.clip((x - med) / iqr, -5, 5)
            x[missing] = 0
            num.append(x.astype(np.float32))
            if indicator:
                num.append(missing.astype(np.float32))
        else:
            codes = s.astype(str).where(s.notna()).astype(p).cat.codes.to_numpy(np.int64)
            idx = np.where(codes >= 0, codes + 3, 2)
            idx[s.isna().to_numpy()] = 1
            cat.append(idx)
    return np.column_stack(num).astype(np.float32), np.column_stack(cat).astype(np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--fit", type=int, default=50_000)
    ap.add_argument("--chunk", type=int, default=20_000)
    ap.add_argument("--limit", type=int, default=0, help="stop after this many events (0: whole file)")
    a = ap.parse_args()

    t0 = time.perf_counter()
    sample = load(next(chunks(a.path, a.fit, a.fit)))
    plan = fit(sample)
    t_fit = time.perf_counter() - t0
    del sample
    print(f"pandas {pd.__version__}: fit on {a.fit:,}: {t_fit:.2f} s; {len(plan)} fields encoded")

    rows, checksum = 0, 0.0
    t0 = time.perf_counter()
    for lines in chunks(a.path, a.chunk, a.limit):
        num, cat = transform(load(lines), plan)
        rows += num.shape[0]
        checksum += float(num[0, 0]) + float(cat[-1, -1])
    el = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pandas transform {rows:,} events: {el:.2f} s = {rows / el:,.0f} events/s; "
          f"{num.shape[1]} numerical + {cat.shape[1]} categorical columns; peak RSS {peak:,.0f} MB; checksum {checksum:.3f}")


if __name__ == "__main__":
    main()

"""Reference values for ECOD and COPOD (EcodScorer, CopodScorer in ResNetTab.Anomaly), written to empirical.json.

PyOD is not installable here, so this follows PyOD's published algorithm (pyod.models.ecod / pyod.models.copod and
pyod.utils.stat_models.column_ecdf) in plain numpy:
  U_l = -log(column_ecdf(X)), U_r = -log(column_ecdf(-X)), s = sign(skew(X)) (scipy's biased skewness, NaN -> 0),
  U_skew = U_l * -sign(s - 1) + U_r * sign(s + 1),
  ECOD:  O = max(U_skew, max(U_l, U_r)),   COPOD: O = max(U_skew, (U_l + U_r) / 2),   score = O.sum(axis=1).
Training scores are PyOD's decision_scores_ (fit on the training rows). A test row is scored as PyOD's
decision_function does with that row alone appended to the training rows, with the skewness of the training rows
(PyOD recomputes it on the concatenation; one appended row rarely changes its sign, the library fixes it at fit).
Run: python3 generate_empirical.py   (numpy only)
"""
import json
import os

import numpy as np


def column_ecdf(m):
    """#{X_j <= x} / n per column (ties take the largest probability), as PyOD's column_ecdf."""
    n = m.shape[0]
    out = np.empty_like(m, dtype=np.float64)
    for c in range(m.shape[1]):
        col = m[:, c]
        s = np.sort(col)
        out[:, c] = np.searchsorted(s, col, side="right") / n
    return out


def skew_sign(x):
    mean = x.mean(axis=0)
    e = x - mean
    m2 = (e ** 2).mean(axis=0)
    m3 = (e ** 3).mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(m2 > 1e-24 * np.maximum(1, mean ** 2), m3 / m2 ** 1.5, 0.0)
    return np.sign(np.nan_to_num(g))


def cells(x, s, kind):
    ul = -np.log(column_ecdf(x))
    ur = -np.log(column_ecdf(-x))
    uskew = ul * -1 * np.sign(s - 1) + ur * np.sign(s + 1)
    if kind == "ecod":
        return np.maximum(uskew, np.maximum(ul, ur))
    return np.maximum(uskew, (ul + ur) / 2)


def scores(train, test, kind):
    s = skew_sign(train)
    fit = cells(train, s, kind).sum(axis=1)
    new = np.array([cells(np.vstack([train, row[None, :]]), s, kind)[-1].sum() for row in test])
    contrib = np.array([cells(np.vstack([train, row[None, :]]), s, kind)[-1] for row in test])
    return fit, new, contrib, s


def main():
    rng = np.random.default_rng(18)
    n, m = 240, 40
    def sample(k):
        return np.column_stack([
            rng.normal(0, 1, k),                     # symmetric
            rng.lognormal(0, 0.8, k),                # right-skewed
            -rng.exponential(1.0, k),                # left-skewed
            rng.integers(0, 4, k).astype(float),     # ties
            np.full(k, 2.5),                         # constant
        ])
    train = sample(n).astype(np.float32).astype(np.float64)
    test = sample(m)
    test[:5] *= 4.0                                  # beyond the training range, both sides
    test[5, 4] = 3.0                                 # off the constant column's value
    test = test.astype(np.float32).astype(np.float64)
    out = {"d": int(train.shape[1]), "train": train.ravel().tolist(), "test": test.ravel().tolist()}
    for kind in ("ecod", "copod"):
        fit, new, contrib, s = scores(train, test, kind)
        out[f"{kind}_training_scores"] = fit.tolist()
        out[f"{kind}_test_scores"] = new.tolist()
        out[f"{kind}_test_contributions"] = contrib.ravel().tolist()
        out["skew_sign"] = s.astype(int).tolist()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "empirical.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", path, "skew signs", out["skew_sign"])


if __name__ == "__main__":
    main()

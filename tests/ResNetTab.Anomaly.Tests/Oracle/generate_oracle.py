"""Writes the scikit-learn reference values used by the C# tests (run with /usr/bin/python3, scikit-learn 1.2).

    /usr/bin/python3 generate_oracle.py [path/to/shared/data/adbench]

Outputs small JSON files beside this script; the tests never need Python.
"""
import glob
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.covariance import EmpiricalCovariance, LedoitWolf
from sklearn.ensemble import IsolationForest
from sklearn.metrics import (average_precision_score, precision_recall_curve,
                             precision_score, recall_score, f1_score, roc_auc_score)
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))


def f32(a):
    # Values exactly representable in float32, so C# and scikit-learn see identical inputs.
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def lof_case(rng, n, m, d, k, contamination):
    train = f32(np.vstack([rng.normal(size=(n - 10, d)), rng.uniform(-6, 6, size=(10, d))]))
    test = f32(np.vstack([rng.normal(size=(m - 5, d)), rng.uniform(-6, 6, size=(5, d))]))
    out = LocalOutlierFactor(n_neighbors=k, contamination=contamination).fit(train)
    nov = LocalOutlierFactor(n_neighbors=k, contamination=contamination, novelty=True).fit(train)
    return {
        "n_neighbors": k, "contamination": contamination, "d": d,
        "train": train.ravel().tolist(), "test": test.ravel().tolist(),
        "negative_outlier_factor": out.negative_outlier_factor_.tolist(),
        "offset": float(out.offset_), "n_neighbors_": int(out.n_neighbors_),
        "fit_predict": (out.fit_predict(train) == -1).astype(int).tolist(),
        "novelty_score_samples": nov.score_samples(test).tolist(),
        "novelty_decision_function": nov.decision_function(test).tolist(),
    }


def knn_case(rng, n, m, d, k):
    train = f32(rng.normal(size=(n, d)))
    test = f32(rng.normal(size=(m, d)) * 1.5)
    nn = NearestNeighbors(n_neighbors=k).fit(train)
    dtr, itr = nn.kneighbors()  # excludes self, as PyOD's KNN.fit
    dte, ite = nn.kneighbors(test)
    return {"d": d, "k": k, "train": train.ravel().tolist(), "test": test.ravel().tolist(),
            "train_distances": dtr.ravel().tolist(), "train_indices": itr.ravel().tolist(),
            "test_distances": dte.ravel().tolist(), "test_indices": ite.ravel().tolist(),
            "train_largest": dtr[:, -1].tolist(), "train_mean": dtr.mean(axis=1).tolist(),
            "train_median": np.median(dtr, axis=1).tolist(), "test_largest": dte[:, -1].tolist()}


def metrics_case(name, y, s):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=np.float64)
    p, r, t = precision_recall_curve(y, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)[:-1]
    best = int(np.argmax(f1))
    thr = float(np.median(s))
    pred = (s >= thr).astype(int)
    n_pos = int(y.sum())
    k_thr = np.percentile(s, 100 * (1 - n_pos / len(s)))  # PyOD precision_n_scores
    return {"name": name, "y": y.tolist(), "scores": s.tolist(),
            "roc_auc": roc_auc_score(y, s), "average_precision": average_precision_score(y, s),
            "threshold": thr,
            "precision_at_threshold": precision_score(y, pred, zero_division=0),
            "recall_at_threshold": recall_score(y, pred, zero_division=0),
            "f1_at_threshold": f1_score(y, pred, zero_division=0),
            "precision_at_k": precision_score(y, (s >= k_thr).astype(int), zero_division=0),
            "best_f1": float(f1[best]), "best_f1_threshold": float(t[best]),
            "best_f1_precision": float(p[best]), "best_f1_recall": float(r[best])}


def main():
    rng = np.random.default_rng(20240501)
    dump("lof.json", {"sklearn": sklearn.__version__, "cases": [
        lof_case(rng, 300, 60, 5, 20, "auto"),
        lof_case(rng, 200, 40, 3, 7, 0.1),
        lof_case(rng, 40, 10, 8, 50, 0.05),  # n_neighbors clipped to n - 1
    ]})
    dump("knn.json", {"sklearn": sklearn.__version__, "cases": [knn_case(rng, 200, 40, 8, 5), knn_case(rng, 60, 13, 37, 9)]})

    cases = []
    y = (rng.uniform(size=300) < 0.2).astype(int)
    cases.append(metrics_case("random", y, rng.normal(size=300) + y))
    y = (rng.uniform(size=250) < 0.3).astype(int)
    cases.append(metrics_case("tied", y, np.round(rng.normal(size=250) + y, 1)))
    y = (rng.uniform(size=120) < 0.5).astype(int)
    cases.append(metrics_case("heavy_ties", y, rng.integers(0, 4, size=120).astype(float) + y))
    cases.append(metrics_case("perfect", [0, 0, 1, 1, 0, 1], [0.1, 0.2, 0.9, 0.8, 0.3, 0.7]))
    dump("metrics.json", {"sklearn": sklearn.__version__, "cases": cases})

    x = f32(rng.normal(size=(400, 6)) @ rng.normal(size=(6, 6)) + rng.normal(size=6))
    xt = f32(rng.normal(size=(30, 6)) * 2)
    lw = LedoitWolf().fit(x)
    ec = EmpiricalCovariance().fit(x)
    dump("covariance.json", {"d": 6, "train": x.ravel().tolist(), "test": xt.ravel().tolist(),
                             "ledoit_wolf_shrinkage": lw.shrinkage_, "ledoit_wolf_mahalanobis": lw.mahalanobis(xt).tolist(),
                             "ledoit_wolf_covariance": lw.covariance_.ravel().tolist(),
                             "empirical_mahalanobis": ec.mahalanobis(xt).tolist(),
                             "location": ec.location_.tolist()})

    adbench = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "adbench")
    seeds = list(range(40))
    results = {}
    for path in sorted(glob.glob(os.path.join(adbench, "*.npz"))):
        data = np.load(path, allow_pickle=False)
        X, y = data["X"].astype(np.float32), data["y"]
        aucs = []
        for s in seeds:
            clf = IsolationForest(n_estimators=100, random_state=s).fit(X)
            aucs.append(roc_auc_score(y, -clf.score_samples(X)))
        results[os.path.basename(path)] = {"mean_auc": float(np.mean(aucs)), "std_auc": float(np.std(aucs)), "seeds": len(seeds)}
        print(os.path.basename(path), results[os.path.basename(path)], flush=True)
    dump("iforest_adbench.json", {"sklearn": sklearn.__version__, "protocol": "fit and score all rows, default parameters",
                                  "datasets": results})


if __name__ == "__main__":
    main()

"""scikit-learn side of the anomaly benchmark (run with /usr/bin/python3; scikit-learn 1.2).

Generates the benchmark data deterministically (written once as float32 .npy files that the .NET harness reads),
then times IsolationForest and LocalOutlierFactor fit+score with 2 threads and writes the timings and ROC-AUCs.

    /usr/bin/python3 bench/python/anomaly_sklearn.py [--out DIR] [--repeats N]
"""
import argparse
import json
import os
import time

THREADS = 2
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))
os.environ.setdefault("MKL_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import IsolationForest  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.neighbors import LocalOutlierFactor  # noqa: E402

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None


def make_data(n, d, outlier_share, seed):
    """Correlated Gaussian inliers; outliers from the same distribution scaled by 1.25 (hard enough that AUC < 1)."""
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    n_out = int(n * outlier_share)
    inliers = rng.normal(size=(n - n_out, d)) @ mix
    outliers = 1.25 * (rng.normal(size=(n_out, d)) @ mix)
    x = np.vstack([inliers, outliers]).astype(np.float32)
    y = np.concatenate([np.zeros(n - n_out, dtype=np.int64), np.ones(n_out, dtype=np.int64)])
    perm = rng.permutation(n)
    return np.ascontiguousarray(x[perm]), y[perm]


def ensure(out, name, n, d, share, seed):
    xp, yp = os.path.join(out, f"{name}_X.npy"), os.path.join(out, f"{name}_y.npy")
    if not (os.path.exists(xp) and os.path.exists(yp)):
        x, y = make_data(n, d, share, seed)
        np.save(xp, x)
        np.save(yp, y)
    return np.load(xp), np.load(yp)


def timed(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/resnettab-bench")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    x_if, y_if = ensure(args.out, "iforest", 100_000, 64, 0.01, 11)
    x_lof, y_lof = ensure(args.out, "lof", 50_000, 64, 0.01, 12)

    def run_if():
        clf = IsolationForest(n_estimators=100, random_state=0, n_jobs=THREADS).fit(x_if)
        return -clf.score_samples(x_if)

    def run_lof():
        clf = LocalOutlierFactor(n_neighbors=20, n_jobs=THREADS).fit(x_lof)
        return -clf.negative_outlier_factor_

    if threadpool_limits is not None:
        threadpool_limits(limits=THREADS)  # BLAS/OpenMP pools limited to the same 2 threads
    if_times, if_scores = timed(run_if, args.repeats)
    lof_times, lof_scores = timed(run_lof, max(1, args.repeats - 1))

    result = {
        "sklearn": sklearn.__version__, "numpy": np.__version__, "threads": THREADS,
        "iforest": {"shape": list(x_if.shape), "seconds": if_times, "median_s": float(np.median(if_times)),
                    "roc_auc": float(roc_auc_score(y_if, if_scores))},
        "lof": {"shape": list(x_lof.shape), "seconds": lof_times, "median_s": float(np.median(lof_times)),
                "roc_auc": float(roc_auc_score(y_lof, lof_scores))},
    }
    with open(os.path.join(args.out, "sklearn.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

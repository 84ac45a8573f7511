"""Reference side of the neighbour benchmark's real-data and hard cases (run with /usr/bin/python3: Debian's numpy,
scikit-learn 1.2, python3-faiss 1.7.3, python3-hnswlib 0.6.2; 2 threads everywhere).

Writes, per case, float32 .npy files into DIR/<case>/ and the reference timings into DIR/<case>/python.json:

* exact cases (k = 10): ``gauss`` (20,000 x 27 N(0, 1), 2,000 N(0, 1) queries), ``outlier`` (the same with row 0
  scaled by 100), ``duplicates`` (20,000 x 12 rows drawn from 400 distinct small-integer rows, 2,000 queries from the
  same pool: ties at the 10th distance), and the development pool's larger sets in stored order, standardised
  (every 10th row a query, the others the reference set) - scikit-learn brute force and faiss IndexFlatL2;
* HNSW cases (M = 16, ef_construction = 200, ef = 200, k = 10): the same real sets in stored order - hnswlib's build
  time, queries/s and recall@10; recall counts a returned row as a hit when its exact float64 distance is at most the
  true 10th distance (ties at the 10th distance make any order of tied rows correct);
* ``clusters``: 2,000 clusters x 10 consecutive rows (centre N(0, 1) + 0.05 N(0, 1), d = 27): rows whose own vector
  (k = 1, ef = 200) does not find them, for hnswlib on 1 and 2 threads.

    /usr/bin/python3 bench/python/neighbors_cases.py [--out DIR] [--data ../shared/data/adbench]
"""
import argparse
import json
import os
import time

THREADS = 2
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

K = 10
REAL = ["32_shuttle", "23_mammography", "30_satellite", "19_landsat", "28_pendigits"]


def standardised(x):
    x = x.astype(np.float64)
    sd = x.std(axis=0)
    sd[sd == 0] = 1
    return ((x - x.mean(axis=0)) / sd).astype(np.float32)


def synthetic(name):
    rng = np.random.default_rng(2026)
    if name in ("gauss", "outlier"):
        base = rng.normal(size=(20_000, 27)).astype(np.float32)
        queries = rng.normal(size=(2_000, 27)).astype(np.float32)
        if name == "outlier":
            base[0] *= 100
        return base, queries
    if name == "duplicates":
        pool = rng.integers(0, 4, size=(400, 12)).astype(np.float32)
        return pool[rng.integers(0, 400, 20_000)], pool[rng.integers(0, 400, 2_000)]
    if name == "clusters":
        centres = rng.normal(size=(2_000, 27))
        rows = np.repeat(centres, 10, axis=0) + 0.05 * rng.normal(size=(20_000, 27))
        return rows.astype(np.float32), None
    raise ValueError(name)


def real(path):
    x = standardised(np.load(path)["X"])
    held = np.arange(len(x)) % 10 == 0
    return np.ascontiguousarray(x[~held]), np.ascontiguousarray(x[held])


def exact_truth(base, queries):
    """The 10th exact float64 squared distance of every query (what the tie-aware recall compares with)."""
    b = base.astype(np.float64)
    bn = (b * b).sum(1)
    out = np.empty(len(queries))
    for s in range(0, len(queries), 500):
        q = queries[s:s + 500].astype(np.float64)
        d = (q * q).sum(1)[:, None] + bn[None, :] - 2 * q @ b.T
        # Re-measure the few candidates directly: the expansion above is only a shortlist.
        for r in range(len(q)):
            idx = np.argsort(d[r])[:K + 20]
            exact = ((b[idx] - q[r]) ** 2).sum(1)
            out[s + r] = np.sort(exact)[K - 1]
    return out


def recall(base, queries, ids, kth):
    hits = 0
    for r in range(len(queries)):
        found = ids[r][:K]
        d = ((base[found].astype(np.float64) - queries[r].astype(np.float64)) ** 2).sum(1)
        hits += int((d <= kth[r] * (1 + 1e-12)).sum())
    return hits / (len(queries) * K)


def exact_timings(base, queries):
    from sklearn.neighbors import NearestNeighbors
    from threadpoolctl import threadpool_limits
    import faiss
    out = {}
    with threadpool_limits(limits=THREADS):
        nn = NearestNeighbors(n_neighbors=K, algorithm="brute", n_jobs=THREADS).fit(base)
        best = 1e9
        for _ in range(2):
            t0 = time.perf_counter()
            nn.kneighbors(queries)
            best = min(best, time.perf_counter() - t0)
    out["sklearn_brute_qps"] = len(queries) / best
    faiss.omp_set_num_threads(THREADS)
    flat = faiss.IndexFlatL2(base.shape[1])
    flat.add(base)
    best = 1e9
    for _ in range(2):
        t0 = time.perf_counter()
        flat.search(queries, K)
        best = min(best, time.perf_counter() - t0)
    out["faiss_flat_qps"] = len(queries) / best
    return out


def hnsw_timings(base, queries, kth):
    import hnswlib
    index = hnswlib.Index(space="l2", dim=base.shape[1])
    index.init_index(max_elements=len(base), M=16, ef_construction=200, random_seed=100)
    t0 = time.perf_counter()
    index.add_items(base, np.arange(len(base)), num_threads=THREADS)
    build = time.perf_counter() - t0
    index.set_ef(200)
    t0 = time.perf_counter()
    ids, _ = index.knn_query(queries, k=K, num_threads=THREADS)
    s = time.perf_counter() - t0
    return {"hnswlib_build_s": build, "hnswlib_qps": len(queries) / s, "hnswlib_recall": recall(base, queries, ids, kth)}


def unreachable(base, threads, seed=100):
    import hnswlib
    index = hnswlib.Index(space="l2", dim=base.shape[1])
    index.init_index(max_elements=len(base), M=16, ef_construction=200, random_seed=seed)
    index.add_items(base, np.arange(len(base)), num_threads=threads)
    index.set_ef(200)
    ids, _ = index.knn_query(base, k=1, num_threads=THREADS)
    return int((ids[:, 0] != np.arange(len(base))).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/resnettab-nbcases")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "adbench"))
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    cases = ["gauss", "outlier", "duplicates", "clusters"] + REAL
    if args.only:
        cases = [c for c in cases if c in args.only.split(",")]
    for case in cases:
        d = os.path.join(args.out, case)
        os.makedirs(d, exist_ok=True)
        base, queries = real(os.path.join(args.data, case + ".npz")) if case in REAL else synthetic(case)
        np.save(os.path.join(d, "base.npy"), base)
        result = {"case": case, "n": len(base), "d": base.shape[1], "threads": THREADS, "load": os.getloadavg()[0]}
        if queries is None:
            result["hnswlib_unreachable_1"] = unreachable(base, 1)
            result["hnswlib_unreachable_2"] = [unreachable(base, 2, seed) for seed in (100, 101)]
        else:
            np.save(os.path.join(d, "queries.npy"), queries)
            kth = exact_truth(base, queries)
            np.save(os.path.join(d, "kth.npy"), kth)
            result["queries"] = len(queries)
            result.update(exact_timings(base, queries))
            if case in REAL:
                result.update(hnsw_timings(base, queries, kth))
        result["load_end"] = os.getloadavg()[0]
        with open(os.path.join(d, "python.json"), "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Reference side of the neighbour-search benchmark (run with /usr/bin/python3: Debian's numpy, scikit-learn 1.2,
python3-faiss 1.7.3 and python3-hnswlib 0.6.2).

Writes the data once (float32 .npy, deterministic): 200,000 reference rows and 10,000 queries drawn from the same
mixture of 50 Gaussian clusters in 64 dimensions, plus the exact 10 nearest neighbours of every query. Then times,
with 2 threads: scikit-learn brute force, faiss IndexFlatL2 (both exact), and hnswlib (M=16, ef_construction=200)
at several ef, and writes build times, queries/s and recall@10 to ann_python.json for ResNetTab.Bench.Anomaly.

    /usr/bin/python3 bench/python/neighbors_ann.py [--out DIR] [--skip-exact]
"""
import argparse
import json
import os
import time

THREADS = 2
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402

N, D, Q, K, CLUSTERS, SEED = 200_000, 64, 10_000, 10, 50, 2024


def make_data(seed=SEED):
    """50 clusters: centres N(0, 1.5²·I), per-cluster spreads in [0.5, 1.5], cluster sizes from a Dirichlet."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=1.5, size=(CLUSTERS, D))
    spread = rng.uniform(0.5, 1.5, size=CLUSTERS)
    weights = rng.dirichlet(np.full(CLUSTERS, 5.0))

    def draw(n):
        c = rng.choice(CLUSTERS, size=n, p=weights)
        return (centres[c] + rng.normal(size=(n, D)) * spread[c, None]).astype(np.float32)

    return np.ascontiguousarray(draw(N)), np.ascontiguousarray(draw(Q))


def recall(found, truth):
    return float(np.mean([len(set(f[:K]) & set(t[:K])) / K for f, t in zip(found, truth)]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/resnettab-ann")
    ap.add_argument("--skip-exact", action="store_true", help="only hnswlib (the exact timings take a minute)")
    ap.add_argument("--ef", default="50,100,150")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    paths = {name: os.path.join(args.out, f"{name}.npy") for name in ("base", "queries", "truth")}
    if not all(os.path.exists(p) for p in paths.values()):
        base, queries = make_data()
        import faiss
        faiss.omp_set_num_threads(THREADS)
        flat = faiss.IndexFlatL2(D)
        flat.add(base)
        _, truth = flat.search(queries, K)
        np.save(paths["base"], base)
        np.save(paths["queries"], queries)
        np.save(paths["truth"], truth.astype(np.int64))
    base, queries, truth = (np.load(paths[n]) for n in ("base", "queries", "truth"))

    result = {"n": N, "d": D, "queries": Q, "k": K, "threads": THREADS, "numpy": np.__version__,
              "load": os.getloadavg()[0]}
    if not args.skip_exact:
        import sklearn
        from sklearn.neighbors import NearestNeighbors
        from threadpoolctl import threadpool_limits
        import faiss
        with threadpool_limits(limits=THREADS):
            nn = NearestNeighbors(n_neighbors=K, algorithm="brute", n_jobs=THREADS).fit(base)
            t0 = time.perf_counter()
            _, ids = nn.kneighbors(queries)
            s = time.perf_counter() - t0
        result["sklearn_brute"] = {"version": sklearn.__version__, "seconds": s, "qps": Q / s, "recall": recall(ids, truth)}
        faiss.omp_set_num_threads(THREADS)
        flat = faiss.IndexFlatL2(D)
        flat.add(base)
        t0 = time.perf_counter()
        _, ids = flat.search(queries, K)
        s = time.perf_counter() - t0
        result["faiss_flat"] = {"version": faiss.__version__, "seconds": s, "qps": Q / s, "recall": recall(ids, truth)}

    import hnswlib
    index = hnswlib.Index(space="l2", dim=D)
    index.init_index(max_elements=N, M=16, ef_construction=200, random_seed=100)
    index.set_num_threads(THREADS)
    t0 = time.perf_counter()
    index.add_items(base, np.arange(N), num_threads=THREADS)
    build = time.perf_counter() - t0
    runs = []
    for ef in (int(e) for e in args.ef.split(",")):
        index.set_ef(ef)
        t0 = time.perf_counter()
        ids, _ = index.knn_query(queries, k=K, num_threads=THREADS)
        s = time.perf_counter() - t0
        runs.append({"ef": ef, "seconds": s, "qps": Q / s, "recall": recall(ids, truth)})
    result["hnswlib"] = {"M": 16, "ef_construction": 200, "build_s": build, "runs": runs}
    result["load_end"] = os.getloadavg()[0]
    with open(os.path.join(args.out, "ann_python.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""PyTorch side of bench/ResNetTab.Bench.Engine: same ops, same sizes, same thread count.

Run with PyTorch's best settings on this machine:
  OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/python/torch_ops.py --threads 2
"""
import argparse
import os
import time

import torch


def matmul_gflops(n=1024, repeats=20):
    torch.manual_seed(0)
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    for _ in range(5):
        a.mm(b)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        a.mm(b)
        times.append(time.perf_counter() - t0)
    times.sort()
    return 2.0 * n ** 3 / times[len(times) // 2] / 1e9


def small_add_us(iterations=1_000_000):
    a = torch.ones(8)
    b = torch.ones(8)
    for _ in range(100_000):
        a + b
    samples = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(iterations):
            c = a + b
        samples.append((time.perf_counter() - t0) * 1e6 / iterations)
    samples.sort()
    return samples[len(samples) // 2]


def mlp_train_steps_per_s(steps=200):
    torch.manual_seed(0)
    layers = []
    for _ in range(4):
        layers += [torch.nn.Linear(512, 512), torch.nn.BatchNorm1d(512), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(256, 512)
    target = torch.randn(256, 512)

    def step():
        optimizer.zero_grad()
        loss = (model(x) - target).square().mean()
        loss.backward()
        optimizer.step()

    for _ in range(20):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    return steps / (time.perf_counter() - t0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(f"matmul_1024_gflops {matmul_gflops():.1f}")
    print(f"small_add_us {small_add_us():.3f}")
    print(f"mlp_train_steps_per_s {mlp_train_steps_per_s():.1f}")

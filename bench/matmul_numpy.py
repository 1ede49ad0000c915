"""numpy (OpenBLAS) side of compare-matmul.sh: C = A @ B for one shape, float32, row-major.

Prints `gflops=<average over the timed loop>`, the same statistic as JMH's average time.
Usage: matmul_numpy.py M K N [seconds]
"""
import sys
import time

import numpy as np
import threadpoolctl

m, k, n = (int(v) for v in sys.argv[1:4])
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0
rng = np.random.default_rng(42)
a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
b = rng.uniform(-1, 1, (k, n)).astype(np.float32)

info = threadpoolctl.threadpool_info()
blas = next(i for i in info if i["user_api"] == "blas")
for _ in range(3):
    a @ b
reps, start = 0, time.perf_counter()
while True:
    a @ b
    reps += 1
    elapsed = time.perf_counter() - start
    if elapsed >= seconds and reps >= 3:
        break
print(f"gflops={2.0 * m * n * k * reps / elapsed / 1e9:.2f} kernel={blas['internal_api']}-{blas['version']}-{blas['architecture']} threads={blas['num_threads']}")

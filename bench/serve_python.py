"""Python torch eager side of bench/serve.ts: the same ResNet-18 (examples/export_resnet18.py), batch-1
latency of sequential requests and throughput of 16 concurrent ones (16 threads; torch releases the
GIL inside ops). Prints one JSON line."""
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import torch

sys.path.insert(0, sys.argv[1])
from export_resnet18 import ResNet18  # noqa: E402

sequential, concurrent, total = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.manual_seed(0)
model = ResNet18().eval()
x = torch.randn(1, 3, 224, 224)


def one():
    t = time.perf_counter()
    with torch.inference_mode():
        model(x)
    return (time.perf_counter() - t) * 1000


for _ in range(3):
    one()
lat = sorted(one() for _ in range(sequential))
p = lambda q: lat[min(len(lat) - 1, max(0, int(round(q / 100 * len(lat))) - 1))]  # noqa: E731
t0 = time.perf_counter()
with ThreadPoolExecutor(concurrent) as pool:
    list(pool.map(lambda _: one(), range(total)))
throughput = total / (time.perf_counter() - t0)
print(json.dumps({"p50Ms": p(50), "p99Ms": p(99), "throughput": throughput, "mean": statistics.mean(lat)}))

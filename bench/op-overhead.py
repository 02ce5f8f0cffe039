"""Python torch side of bench/op-overhead.ts: the same ops, timed the same way. Prints JSON."""
import json
import statistics
import sys
import time

import torch

n_iter, repeats = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(int(sys.argv[3]))
results = {}
for numel in (1, 1000):
    for grad in (False, True):
        a = torch.ones(numel, requires_grad=grad)
        b = torch.ones(numel)
        times = []
        for _ in range(repeats + 1):  # the first run warms up
            t0 = time.perf_counter()
            for _ in range(n_iter):
                c = a + b
                del c
            times.append((time.perf_counter() - t0) / n_iter * 1e6)
        results[f"{numel}:{grad}"] = statistics.median(times[1:])
print(json.dumps(results))

"""Python torch side of bench/memory.ts: the same MLP, batch and fused AdamW; the process's RSS every
`every` steps, read from /proc/self/statm. Prints JSON.

    python bench/memory.py STEPS BATCH EVERY THREADS
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

steps, batch, every, threads = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


torch.manual_seed(0)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, fused=True)
x = torch.randn(batch, 1, 28, 28)
y = torch.randint(0, 10, (batch,))
samples = [{"step": 0, "rss": rss()}]
losses = []
t0 = time.perf_counter()
for i in range(1, steps + 1):
    opt.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    if i == 1 or i == steps:
        losses.append(loss.item())
    if i % every == 0:
        samples.append({"step": i, "rss": rss()})
seconds = time.perf_counter() - t0
print(json.dumps({"samples": samples, "loss_first": losses[0], "loss_last": losses[-1], "seconds": seconds,
                  "threads": torch.get_num_threads(), "version": torch.__version__}))

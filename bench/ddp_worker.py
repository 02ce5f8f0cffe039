"""One rank of bench/ddp.ts (PyTorch side): the same models, batch and steps as bench/ddp-worker.ts,
in torch.nn.parallel.DistributedDataParallel on Gloo when WORLD_SIZE > 1 (run by torchrun).
Rank 0 prints one JSON line {"samplesPerSec": ...}."""
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

name, global_batch, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
world = int(os.environ.get("WORLD_SIZE", "1"))
torch.set_num_threads(1)
if world > 1:
    dist.init_process_group("gloo")
rank = dist.get_rank() if world > 1 else 0

torch.manual_seed(0)
if name == "mlp":
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
else:
    model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 7 * 7, 10))
net = nn.parallel.DistributedDataParallel(model) if world > 1 else model
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, fused=True)
local = global_batch // world
x = torch.randn(global_batch, 1, 28, 28)[rank * local:(rank + 1) * local].contiguous()
y = torch.randint(0, 10, (global_batch,))[rank * local:(rank + 1) * local].contiguous()


def step():
    opt.zero_grad()
    F.cross_entropy(net(x), y).backward()
    opt.step()


for _ in range(5):
    step()
if world > 1:
    dist.barrier()
t0 = time.perf_counter()
for _ in range(steps):
    step()
if world > 1:
    dist.barrier()
seconds = time.perf_counter() - t0
if rank == 0:
    print(json.dumps({"samplesPerSec": steps * global_batch / seconds}), flush=True)
if world > 1:
    dist.destroy_process_group()

"""Python torch side of bench/train-throughput.ts: the same models, data and steps. Prints JSON."""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

steps, repeats, batch, threads = (int(a) for a in sys.argv[1:5])
device = sys.argv[5] if len(sys.argv) > 5 else "cpu"
modes = sys.argv[6].split(",") if len(sys.argv) > 6 else ["fp32", "bf16"]
torch.set_num_threads(threads)


def sync():
    if device == "cuda":
        torch.cuda.synchronize()


def make(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 7 * 7, 10))


results = {}
for name in ("mlp", "cnn"):
    for mode in modes:
        torch.manual_seed(0)
        model = make(name).to(device)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, fused=True)
        x = torch.randn(batch, 1, 28, 28).to(device)
        y = torch.randint(0, 10, (batch,)).to(device)
        dtype = torch.float16 if mode == "fp16" else torch.bfloat16
        scaler = torch.amp.GradScaler(device, enabled=mode == "fp16")

        def step():
            opt.zero_grad()
            with torch.autocast(device, dtype=dtype, enabled=mode != "fp32"):
                loss = F.cross_entropy(model(x), y)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()

        for _ in range(10):
            step()
        times = []
        for _ in range(repeats):
            sync()
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            sync()
            times.append(time.perf_counter() - t0)
        results[f"{name}:{mode}"] = batch * steps / statistics.median(times)
print(json.dumps(results))

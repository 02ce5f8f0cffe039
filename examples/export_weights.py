"""Trains a small MLP on Fashion-MNIST with Python torch for one epoch and exports its weights as
safetensors, for examples/finetune-safetensors.ts. Prints the test accuracy it measured.

    python examples/export_weights.py build/pytorch-mlp.safetensors
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

root = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def idx(name):
    with gzip.open(os.path.join(root, name)) as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return torch.from_numpy(np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape).copy())


def images(name):
    return ((idx(name).float() / 255 - 0.286) / 0.353).reshape(-1, 784)


x, y = images("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz").long()
xt, yt = images("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz").long()
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
order = torch.randperm(len(x))
for i in range(0, len(x) - 127, 128):
    idx_ = order[i:i + 128]
    opt.zero_grad()
    F.cross_entropy(model(x[idx_]), y[idx_]).backward()
    opt.step()
with torch.no_grad():
    acc = (model(xt).argmax(1) == yt).float().mean().item()
save_file(model.state_dict(), sys.argv[1])
print(f"PyTorch: test accuracy {acc * 100:.2f}%, weights in {sys.argv[1]}")

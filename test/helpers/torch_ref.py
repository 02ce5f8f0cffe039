"""Reference results from Python torch for the differential tests.

Reads a JSON list of cases on stdin; each case is
  {"inputs": {name: {"data": [...], "shape": [...], "dtype": "float32", "requiresGrad": bool}},
   "expr": "<Python expression over the inputs, torch, F and math>",
   "setup": "<optional Python statements run before expr>",
   "seed": <optional int for torch.manual_seed before evaluating>,
   "grad": bool}
and writes, per case, {"out": [tensor...], "grads": {name: tensor|None}} or {"error": "..."}.
A tensor is {"data": [...], "shape": [...], "dtype": "..."}; non-finite floats travel as strings.

With "grad", the outputs are reduced to loss = sum_i (out_i.double() * w_i).sum() where w_i is
linspace(-1, 1, numel) (0.5 for one element), the weighting test/helpers/reference.ts applies too.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8,
    "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}


def decode(v):
    if isinstance(v, str):
        return float(v)
    return v


def encode(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def to_tensor(spec):
    dtype = DTYPES[spec["dtype"]]
    data = [decode(v) for v in spec["data"]]
    # Build in float64 (exact for every float32/int value sent) and cast, as torchts does.
    if dtype == torch.bool:
        t = torch.tensor([bool(v) for v in data], dtype=torch.bool)
    elif dtype.is_floating_point:
        t = torch.tensor(data, dtype=torch.float64).to(dtype)
    else:
        t = torch.tensor([int(v) for v in data], dtype=torch.int64).to(dtype)
    # A fresh tensor, not a view of the flat one: autocast caches casts of leaves but not of views.
    t = t.reshape(spec["shape"]).clone()
    if spec.get("requiresGrad"):
        t.requires_grad_(True)
    return t


def from_tensor(t):
    if t is None:
        return None
    t = t.detach()
    if t.dtype in (torch.float16, torch.bfloat16):
        values = t.float().reshape(-1).tolist()
    else:
        values = t.reshape(-1).tolist()
    return {"data": [encode(v) for v in values], "shape": list(t.shape), "dtype": NAMES[t.dtype]}


def weights(n):
    return torch.tensor([0.5], dtype=torch.float64) if n == 1 else torch.linspace(-1, 1, n, dtype=torch.float64)


def run(case):
    env = {"torch": torch, "F": F, "math": math}
    inputs = {k: to_tensor(v) for k, v in case["inputs"].items()}
    env.update(inputs)
    if "seed" in case:
        torch.manual_seed(case["seed"])
    if case.get("setup"):
        exec(case["setup"], env)
    out = eval(case["expr"], env)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    if not all(isinstance(o, torch.Tensor) for o in outs):
        outs = [o if isinstance(o, torch.Tensor) else torch.tensor(o) for o in outs]
    result = {"out": [from_tensor(o) for o in outs]}
    if case.get("grad"):
        loss = sum((o.double() * weights(o.numel()).reshape(o.shape)).sum() for o in outs if o.is_floating_point() and o.requires_grad)
        loss.backward()
        result["grads"] = {k: from_tensor(t.grad) for k, t in inputs.items() if t.requires_grad}
    return result


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads())
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append(run(case))
        except Exception as e:  # the error itself is a result to compare
            results.append({"error": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

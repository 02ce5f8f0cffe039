"""Reference LR sequences from torch.optim.lr_scheduler, for test/optim/lr.test.ts.

Reads a JSON list of cases on stdin; each case:
  name       label
  optimizer  'sgd' (with `momentum`) or 'adam' (with `betas`)
  lrs        one lr per param group (one dummy parameter per group)
  setup      Python statements that define `sched` from `opt` (names available: torch, lr_scheduler, math)
  steps      number of steps after construction
  args       optional, one argument per step for sched.step(arg) (a metric, or an epoch)
Writes a JSON list: per case {lrs: [[lr per group] per step, step 0 = after construction],
momentum: [[momentum or betas[0] per group] per step]} or {error}.
Each step is optimizer.step() then sched.step(), as in a training loop.
"""
import json
import math
import sys
import warnings

import torch
from torch.optim import lr_scheduler

warnings.simplefilter("ignore")


def momenta(opt):
    return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]


def run(case):
    params = [[torch.zeros(1, requires_grad=True)] for _ in case["lrs"]]
    groups = [{"params": p, "lr": lr} for p, lr in zip(params, case["lrs"])]
    if case["optimizer"] == "adam":
        opt = torch.optim.Adam(groups, lr=case["lrs"][0], betas=tuple(case.get("betas", (0.9, 0.999))))
    else:
        opt = torch.optim.SGD(groups, lr=case["lrs"][0], momentum=case.get("momentum", 0.0))
    scope = {"opt": opt, "torch": torch, "lr_scheduler": lr_scheduler, "math": math}
    exec(case["setup"], scope)
    sched = scope["sched"]
    lrs = [[float(x) for x in sched.get_last_lr()]]
    mom = [momenta(opt)]
    args = case.get("args")
    for i in range(case["steps"]):
        opt.step()
        if args is None:
            sched.step()
        else:
            sched.step(args[i])
        lrs.append([float(x) for x in sched.get_last_lr()])
        mom.append(momenta(opt))
    return {"lrs": lrs, "momentum": mom}


def main():
    out = []
    for case in json.load(sys.stdin):
        try:
            out.append(run(case))
        except Exception as e:  # reported to the test, which fails with it
            out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


main()

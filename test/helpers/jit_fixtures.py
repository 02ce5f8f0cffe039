"""TorchScript fixtures for test/jit/jit.test.ts, made by the reference PyTorch: scripted and traced
modules, the inputs they are run on, and what PyTorch's own run of them returns. Usage:
jit_fixtures.py <folder>. test/helpers/jit-fixtures.ts runs it once per content of this file."""
import json
import sys
from typing import Dict, List, Optional, Tuple

import torch
from safetensors.torch import save_file

out = sys.argv[1]
torch.manual_seed(0)


class Control(torch.nn.Module):
    """Data-dependent control flow (scripted, so it survives), several methods and output kinds."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 3)

    def forward(self, x: torch.Tensor, n: int = 2) -> torch.Tensor:
        for _ in range(n):
            x = torch.relu(x) if bool(x.sum() > 0) else x * 2
        return self.fc(x)

    @torch.jit.export
    def pair(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return x.max(dim=1)

    @torch.jit.export
    def stats(self, xs: List[torch.Tensor]) -> Dict[str, torch.Tensor]:
        s = torch.stack(xs)
        return {"mean": s.mean(0), "std": s.std(0)}

    @torch.jit.export
    def describe(self, names: List[str], flag: bool, k: Optional[int] = None, scale: float = 0.5) -> str:
        return ",".join(names) + ("!" if flag else "?") + (str(k) if k is not None else "none") + str(scale)


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                                            torch.nn.MaxPool2d(2))
        self.head = torch.nn.Linear(8 * 8 * 8, 5)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


control = torch.jit.script(Control().eval())
control.save(f"{out}/control.pt")
cnn = Cnn().eval()
with torch.no_grad():  # non-trivial running statistics
    cnn.features[1].running_mean.uniform_(-0.5, 0.5)
    cnn.features[1].running_var.uniform_(0.5, 1.5)
x_img = torch.randn(2, 3, 16, 16)
traced = torch.jit.trace(cnn, x_img)
traced.save(f"{out}/cnn.pt")

x_pos = torch.randn(3, 4).abs()
x_neg = -torch.randn(3, 4).abs()
xs = [torch.randn(5) for _ in range(3)]
with torch.no_grad():
    expected = {
        "control_pos_2": control(x_pos), "control_neg_3": control(x_neg, 3), "pair_values": control.pair(x_pos)[0],
        "pair_indices": control.pair(x_pos)[1], "stats_mean": control.stats(xs)["mean"], "stats_std": control.stats(xs)["std"],
        "cnn": traced(x_img),
    }
save_file({"x_img": x_img, "x_pos": x_pos, "x_neg": x_neg, **{f"xs{i}": t for i, t in enumerate(xs)}}, f"{out}/inputs.safetensors")
save_file({k: v.contiguous() for k, v in expected.items()}, f"{out}/expected.safetensors")
with open(f"{out}/expected.json", "w") as f:
    json.dump({"describe": control.describe(["a", "b"], True, 3), "describe_default": control.describe([], False)}, f)
# Files that are not TorchScript archives, for the bad-input tests.
with open(f"{out}/control.pt", "rb") as f:
    whole = f.read()
with open(f"{out}/truncated.pt", "wb") as f:
    f.write(whole[: len(whole) // 2])
torch.save({"model": Cnn().state_dict()}, f"{out}/checkpoint.pth")

"""The AOTInductor fixture of test/jit/aoti.test.ts, made by the reference PyTorch (compiling takes a
minute): a small CNN exported and compiled with aoti_compile_and_package, its input, and PyTorch's
output for it (eager and from the loaded package). Usage: aoti_fixtures.py <folder>.
test/helpers/jit-fixtures.ts runs it once per content of this file."""
import sys

import torch
from safetensors.torch import save_file

out = sys.argv[1]
torch.manual_seed(0)


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.fc = torch.nn.Linear(8 * 8 * 8, 5)

    def forward(self, x):
        y = torch.nn.functional.max_pool2d(torch.relu(self.conv(x)), 2).flatten(1)
        return self.fc(y), y.sum(1)


model = Cnn().eval()
x = torch.randn(2, 3, 16, 16)
path = torch._inductor.aoti_compile_and_package(torch.export.export(model, (x,)), package_path=f"{out}/cnn.pt2")
loaded = torch._inductor.aoti_load_package(path)
logits, sums = loaded(x)
save_file({"x": x, "logits": logits.contiguous(), "sums": sums.contiguous()}, f"{out}/io.safetensors")

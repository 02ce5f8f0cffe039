"""Exports a ResNet-18 (3x224x224 input, 1000 classes; random weights seeded 0, written out here so
torchvision is not needed) from PyTorch for examples/serve-pytorch-model.ts and bench/serve.ts.

    python examples/export_resnet18.py <folder> [torchscript] [aoti] [onnx]

torchscript: <folder>/resnet18.pt (torch.jit.trace + torch.jit.save); aoti: <folder>/resnet18.pt2
(torch.export + aoti_compile_and_package for a batch of 1; a minute or more on 2 cores); onnx: <folder>/resnet18.onnx
(torch.onnx.export; needs the onnx and onnxscript packages). Also <folder>/sample.safetensors: an
input and PyTorch's output for it, to check the served model against."""
import sys

import torch
import torch.nn as nn
from safetensors.torch import save_file


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None if stride == 1 and cin == cout else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        layers, cin = [], 64
        for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            layers += [Block(cin, cout, stride), Block(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(self.layers(self.stem(x)), 1), 1))


def main():
    out, kinds = sys.argv[1], set(sys.argv[2:]) or {"torchscript"}
    torch.manual_seed(0)
    model = ResNet18().eval()
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        y = model(x)
    save_file({"input": x, "output": y}, f"{out}/sample.safetensors")
    if "torchscript" in kinds:
        torch.jit.save(torch.jit.trace(model, x), f"{out}/resnet18.pt")
    if "aoti" in kinds:
        # For batches of one image, the shape requests come in (a dynamic batch dimension would
        # start at 2: export specialises sizes 0 and 1). Exported without autograd and compiled with
        # freezing, the weights become constants that Inductor prepacks for oneDNN, fusing convolution,
        # batch norm and activation: 15.6 ms per image here instead of 28 ms without; with the weights
        # in channels-last memory format (the input stays as it is), 13.6 ms.
        with torch.no_grad():
            program = torch.export.export(model.to(memory_format=torch.channels_last), (x,))
            torch._inductor.aoti_compile_and_package(program, package_path=f"{out}/resnet18.pt2", inductor_configs={"freezing": True})
    if "onnx" in kinds:
        torch.onnx.export(model, (x,), f"{out}/resnet18.onnx", input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, dynamo=False)
    print("exported", ", ".join(sorted(kinds)), "to", out)


if __name__ == "__main__":
    main()

"""A small PyTorch CNN with the patterns torchvision models export (Conv+BN+ReLU, ReLU6, max pooling with
ceil_mode, residual Add, Concat, depthwise conv, average pooling with count_include_pad, global average pooling,
Flatten, Linear), random weights, exported by torch.onnx.export (opset 13) for OnnxImportTest; PyTorch's output on a
fixed input is stored beside it. Run from the repository root with Debian's python3-torch:
    /usr/bin/python3 transfer/src/test/python/make_onnx_import_fixture.py
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(29)


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.pool = nn.MaxPool2d(3, 2, 1, ceil_mode=True)
        self.a = nn.Conv2d(8, 8, 3, 1, 1)
        self.bn_a = nn.BatchNorm2d(8)
        self.dw = nn.Conv2d(16, 16, 3, 1, 1, groups=16)
        self.avg = nn.AvgPool2d(3, 1, 1)            # count_include_pad=True, PyTorch's default
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        x = self.pool(self.stem(x))
        y = torch.relu(self.bn_a(self.a(x)) + x)
        z = torch.cat([y, x], 1)
        z = nn.functional.relu6(self.dw(z))
        z = self.avg(z)
        z = nn.functional.adaptive_avg_pool2d(z, 1)
        return self.fc(torch.flatten(z, 1))


m = Small()
for bn in (m.stem[1], m.bn_a):   # non-trivial statistics
    bn.running_mean.uniform_(-0.5, 0.5)
    bn.running_var.uniform_(0.5, 1.5)
m.eval()
x = torch.rand(2, 3, 23, 23) * 2 - 1
torch.onnx.export(m, x, "transfer/src/test/resources/onnx-import/small_torch.onnx", opset_version=13,
                  input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
with open("transfer/src/test/resources/onnx-import/small_torch.json", "w") as f:
    json.dump({"torch": torch.__version__, "inputShape": list(x.shape), "input": x.flatten().tolist(),
               "output": m(x).detach().flatten().tolist()}, f)
print("ok")

"""Exports torchvision CNNs with random weights (and random batch-norm statistics) by torch.onnx.export (opset 13) for
TorchvisionImportTest, with PyTorch's output on a fixed input beside each file. Run with Debian's python3-torch and
python3-torchvision:
    /usr/bin/python3 samples/src/test/python/export_torchvision.py OUT_DIR SIZE resnet18 mobilenet_v2 ...
Writes OUT_DIR/NAME.onnx, NAME.input.bin and NAME.output.bin (float32 little-endian, C order; input [2, 3, SIZE, SIZE],
output [2, 1000]) and prints one line per model.
"""
import sys
import time

import torch
import torchvision

out_dir, size, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
torch.set_num_threads(1)
for name in names:
    torch.manual_seed(29)
    kwargs = {"aux_logits": False, "init_weights": True} if name == "googlenet" else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):   # non-trivial statistics
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    model.eval()
    x = torch.rand(2, 3, size, size) * 2 - 1
    start = time.time()
    path = f"{out_dir}/{name}.onnx"
    torch.onnx.export(model, x, path, opset_version=13, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile(f"{out_dir}/{name}.input.bin")
    y.numpy().astype("<f4").tofile(f"{out_dir}/{name}.output.bin")
    print(f"{name} exported in {time.time() - start:.1f} s", flush=True)

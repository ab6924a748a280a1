#!/usr/bin/python3
"""Inputs of the end-to-end benchmark (issue 17), made once per benchmark run in OUT (argument 1):

  OUT/data/class0..class4/*.jpg   200 images 224x224 (40 per class; each class a colour cast plus noise)
  OUT/predict40/*.jpg             40 images, OUT/predict1000/*.jpg 1,000 images (same generator)
  OUT/resnet50_notop_random.h5    a headless ResNet50 in Keras 2's weights layout with random weights
                                   (what transfer4j's --weights reads; layer and array names as Keras writes them)
  OUT/resnet50_random.pt          torchvision's ResNet50 state dict with random weights (what the PyTorch side loads)

Needs python3-numpy, python3-pil and python3-h5py; the .pt file needs python3-torch + torchvision and is skipped
without them. Usage: python3 make_bench_inputs.py OUT
"""
import os
import sys

import numpy as np
from PIL import Image

CLASSES = 5
rng = np.random.default_rng(17)


def image(cls):
    base = np.zeros((224, 224, 3), np.float32)
    base[..., cls % 3] = 90 + 30 * (cls // 3)
    noise = rng.normal(0, 40, (224, 224, 3))
    return Image.fromarray(np.clip(base + 80 + noise, 0, 255).astype(np.uint8))


def images(folder, n, per_class_folders):
    for i in range(n):
        cls = i % CLASSES
        d = os.path.join(folder, f"class{cls}") if per_class_folders else folder
        os.makedirs(d, exist_ok=True)
        image(cls).save(os.path.join(d, f"img{i:04d}.jpg"), quality=90)


def keras_layers():
    """(layer name, [(array name, shape)]) of Keras's ResNet50 without top, in model order."""
    layers = [("conv1_conv", [("kernel", (7, 7, 3, 64)), ("bias", (64,))])]
    bn = lambda c: [("gamma", (c,)), ("beta", (c,)), ("moving_mean", (c,)), ("moving_variance", (c,))]
    layers.append(("conv1_bn", bn(64)))
    cin = 64
    for stage, (blocks, f) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512))):
        for b in range(1, blocks + 1):
            name = f"conv{stage + 2}_block{b}"
            if b == 1:
                layers.append((name + "_0_conv", [("kernel", (1, 1, cin, 4 * f)), ("bias", (4 * f,))]))
                layers.append((name + "_0_bn", bn(4 * f)))
            for i, (k, ci, co) in enumerate(((1, cin, f), (3, f, f), (1, f, 4 * f)), start=1):
                layers.append((f"{name}_{i}_conv", [("kernel", (k, k, ci, co)), ("bias", (co,))]))
                layers.append((f"{name}_{i}_bn", bn(co)))
            cin = 4 * f
    return layers


def write_h5(path):
    import h5py
    layers = keras_layers()
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.4.0"
        f.attrs["layer_names"] = np.array([n.encode() for n, _ in layers])
        for name, arrays in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([f"{name}/{a}:0".encode() for a, _ in arrays])
            sub = g.create_group(name)
            for a, shape in arrays:
                if a == "moving_variance" or a == "gamma":
                    v = rng.uniform(0.5, 1.5, shape)
                elif a == "kernel":
                    v = rng.normal(0, np.sqrt(2.0 / np.prod(shape[:-1])), shape)
                else:
                    v = rng.normal(0, 0.05, shape)
                sub.create_dataset(a + ":0", data=v.astype(np.float32))


def write_pt(path):
    try:
        import torch
        import torchvision
    except ImportError:
        print("no torch/torchvision: skipping", path)
        return
    torch.manual_seed(17)
    torch.save(torchvision.models.resnet50(weights=None).state_dict(), path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if not os.path.isdir(os.path.join(out, "data")):
        images(os.path.join(out, "data"), 200, True)
        images(os.path.join(out, "predict40"), 40, False)
        images(os.path.join(out, "predict1000"), 1000, False)
    h5 = os.path.join(out, "resnet50_notop_random.h5")
    if not os.path.isfile(h5):
        write_h5(h5)
    pt = os.path.join(out, "resnet50_random.pt")
    if not os.path.isfile(pt):
        write_pt(pt)


if __name__ == "__main__":
    main()

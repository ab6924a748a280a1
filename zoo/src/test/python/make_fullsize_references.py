#!/usr/bin/python3
"""Keras's ResNet50 (224x224) and VGG16 (64x64, with its top) forward passes in numpy, on weights and an input that a formula defines, so that the Java
test can write the very same weights into a full-size Keras-layout file without shipping 100 MB.

Run from the repository root:  /usr/bin/python3 zoo/src/test/python/make_fullsize_references.py
Writes zoo/src/test/resources/keras-fixtures/resnet50_formula_reference.json (every 8th of the 2048 avg_pool
features and the 1000 class probabilities, for one 224x224x3 input) and vgg16_64_formula_reference.json (the
fc1 activations, every 4th, and the probabilities for one 64x64x3 input: block5_pool is 2x2x512, so fc1's
rows are in Keras's (h, w, c) flatten order). The formula (weights(), image()) is
repeated in KerasFullSizeTest.FORMULA; change both together.

The network follows keras/applications/resnet.py (ResNet50, stack1/block1, BN epsilon 1.001e-5, stride on
the first 1x1 conv of a block, ZeroPadding2D before conv1 and pool1), channels-last as TensorFlow computes.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "keras-fixtures")
EPS = 1.001e-5


def seed(name):
    return sum(ord(ch) for ch in name) % 1000


def values(name, a, shape, kind):
    """Array a of layer `name`, C order: a scaled sine of the flat index, as KerasFullSizeTest.FORMULA."""
    n = int(np.prod(shape))
    s = np.sin(np.arange(n, dtype=np.float64) * 0.7071 + seed(name) + a * 1.3)
    if kind == "kernel":
        fan_in = int(np.prod(shape[:-1]))
        v = s * np.sqrt(2.0 / fan_in)
    elif kind == "dense":
        v = 30.0 * s
    elif kind == "dense_he":
        v = s * np.sqrt(2.0 / shape[0])
    elif kind == "gamma":
        v = 1.0 + 0.1 * s
    elif kind == "variance":
        v = 1.0 + 0.5 * np.abs(s)
    else:                                    # bias, beta, moving mean
        v = 0.1 * s
    return v.astype(np.float32).reshape(shape)


def image(size=224):
    h, w, c = np.meshgrid(np.arange(size), np.arange(size), np.arange(3), indexing="ij")
    return (50.0 * np.sin(0.013 * (h * size + w) + 2.0 * c)).astype(np.float32)[None]


def pad(x, p):
    return np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))


def conv(x, name, k, cin, f, stride=1, same=False):
    kernel = values(name, 0, (k, k, cin, f), "kernel").astype(np.float64)
    bias = values(name, 1, (f,), "bias").astype(np.float64)
    if same:
        x = pad(x, (k - 1) // 2)
    n, h, w, _ = x.shape
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    out = np.zeros((n, oh, ow, f))
    for i in range(k):
        for j in range(k):
            patch = x[:, i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :]
            out += np.tensordot(patch, kernel[i, j], axes=([3], [0]))
    return out + bias


def bn(x, name, c):
    g, b = values(name, 0, (c,), "gamma"), values(name, 1, (c,), "beta")
    m, v = values(name, 2, (c,), "mean"), values(name, 3, (c,), "variance")
    return g * (x - m) / np.sqrt(v.astype(np.float64) + EPS) + b


def relu(x):
    return np.maximum(x, 0)


def maxpool(x, k, s):
    n, h, w, c = x.shape
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    out = np.full((n, oh, ow, c), -np.inf)
    for i in range(k):
        for j in range(k):
            out = np.maximum(out, x[:, i:i + s * (oh - 1) + 1:s, j:j + s * (ow - 1) + 1:s, :])
    return out


def block(x, name, cin, f, stride, shortcut):
    if shortcut:
        sc = bn(conv(x, name + "_0_conv", 1, cin, 4 * f, stride), name + "_0_bn", 4 * f)
    else:
        sc = x
    y = relu(bn(conv(x, name + "_1_conv", 1, cin, f, stride), name + "_1_bn", f))
    y = relu(bn(conv(y, name + "_2_conv", 3, f, f, 1, same=True), name + "_2_bn", f))
    y = bn(conv(y, name + "_3_conv", 1, f, 4 * f), name + "_3_bn", 4 * f)
    return relu(sc + y)


def softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def vgg16_64():
    x = image(64).astype(np.float64)
    cin = 3
    for b, convs in enumerate([[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]):
        for i, f in enumerate(convs):
            x = relu(conv(x, "block%d_conv%d" % (b + 1, i + 1), 3, cin, f, 1, same=True))
            cin = f
        x = maxpool(x, 2, 2)
    flat = x.reshape(1, -1)                                  # Keras Flatten: (h, w, c) order
    fc1 = relu(flat @ values("fc1", 0, (2048, 4096), "dense_he") + values("fc1", 1, (4096,), "bias"))
    fc2 = relu(fc1 @ values("fc2", 0, (4096, 4096), "dense_he") + values("fc2", 1, (4096,), "bias"))
    probs = softmax((fc2 @ values("predictions", 0, (4096, 1000), "dense") + values("predictions", 1, (1000,), "bias"))[0])
    with open(os.path.join(OUT, "vgg16_64_formula_reference.json"), "w") as f:
        json.dump({"fc1_every_4th": [float("%.7g" % v) for v in fc1[0, ::4]],
                   "probabilities": [float("%.7g" % v) for v in probs]}, f)
    print("vgg16 top-5", np.argsort(-probs)[:5], probs[np.argsort(-probs)[:5]], "fc1", fc1.min(), fc1.max(), (fc1 == 0).mean())


def main():
    vgg16_64()
    x = image().astype(np.float64)
    x = relu(bn(conv(pad(x, 3), "conv1_conv", 7, 3, 64, 2), "conv1_bn", 64))
    x = maxpool(pad(x, 1), 3, 2)
    cin = 64
    for stage, (blocks, f) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512])):
        for b in range(1, blocks + 1):
            stride = 2 if stage > 0 and b == 1 else 1
            x = block(x, "conv%d_block%d" % (stage + 2, b), cin, f, stride, b == 1)
            cin = 4 * f
    features = x.mean(axis=(1, 2))[0]
    logits = features @ values("predictions", 0, (2048, 1000), "dense") + values("predictions", 1, (1000,), "bias")
    e = np.exp(logits - logits.max())
    probs = e / e.sum()
    with open(os.path.join(OUT, "resnet50_formula_reference.json"), "w") as f:
        json.dump({"features_every_8th": [float("%.7g" % v) for v in features[::8]],
                   "probabilities": [float("%.7g" % v) for v in probs]}, f)
    print("top-5", np.argsort(-probs)[:5], probs[np.argsort(-probs)[:5]], "features", features.min(), features.max(), (features == 0).mean())


if __name__ == "__main__":
    main()

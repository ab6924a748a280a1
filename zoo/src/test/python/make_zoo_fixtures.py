#!/usr/bin/python3
"""Keras-layout fixtures for the zoo's MobileNet, MobileNetV2, InceptionV3 and Xception, written independently of
transfer4j from Keras Applications' source (keras/src/applications/*.py): layer names, array names and shapes as
Keras's model.save_weights writes them, and numpy forward passes (NHWC, float64) as TensorFlow computes them.

Run from the repository root:  /usr/bin/python3 zoo/src/test/python/make_zoo_fixtures.py
Needs only Debian's python3-h5py and python3-numpy; the outputs are committed under
zoo/src/test/resources/keras-fixtures/zoo/.

  *_layout.h5   every layer of the full 1000-class model with its arrays' names and shapes,
                no data written (HDF5 allocates nothing), so a few kB: pairing and shape checks on the real names.
  mobilenet_0.25_*.h5, mobilenetv2_0.35_*.h5
                the real architectures (narrowest alpha, 32x32 input, a 5-class top for MobileNet) with random
                weights stored as float16 to halve the file, and the numpy output in the .json beside them.
  inception_block.h5, xception_block.h5
                a few layers in each family's own way (1x7 / 7x1 kernels and batch norm without scale; separable
                convs without bias, SAME max pool, strided 1x1 shortcut and add), with their numpy output.
"""
import math
import os

import h5py
import numpy as np

import make_keras_fixtures as keras_fixtures
from make_fullsize_references import maxpool

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "keras-fixtures", "zoo")
EPS = 1e-3                                  # Keras's BatchNormalization default, used by all four families
rng = np.random.default_rng(20261207)
BN_ARRAYS = ["gamma", "beta", "moving_mean", "moving_variance"]


# ---- numpy reference ops (NHWC, batch first) --------------------------------------------------------------

def same_pads(size, k, s):
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2       # TensorFlow: the extra pixel goes bottom/right


def pad(x, top, bottom, left, right, value=0.0):
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)


def pad_same(x, kh, kw, s, value=0.0):
    t, b = same_pads(x.shape[1], kh, s)
    l, r = same_pads(x.shape[2], kw, s)
    return pad(x, t, b, l, r, value)


def conv(x, k, s=1, same=False, bias=None):          # k: (kh, kw, in, out), cross-correlation
    kh, kw, _, o = k.shape
    if same:
        x = pad_same(x, kh, kw, s)
    n, h, w, _ = x.shape
    oh, ow = (h - kh) // s + 1, (w - kw) // s + 1
    out = np.zeros((n, oh, ow, o))
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nhwc,co->nhwo", x[:, i:i + s * (oh - 1) + 1:s, j:j + s * (ow - 1) + 1:s, :], k[i, j])
    return out if bias is None else out + bias


def depthwise(x, d, s=1, same=False):                 # d: (kh, kw, in, 1)
    kh, kw, _, _ = d.shape
    if same:
        x = pad_same(x, kh, kw, s)
    n, h, w, c = x.shape
    oh, ow = (h - kh) // s + 1, (w - kw) // s + 1
    out = np.zeros((n, oh, ow, c))
    for i in range(kh):
        for j in range(kw):
            out += x[:, i:i + s * (oh - 1) + 1:s, j:j + s * (ow - 1) + 1:s, :] * d[i, j, :, 0]
    return out


def separable(x, d, p):                               # SAME, stride 1, no bias
    return conv(depthwise(x, d, 1, True), p)


def bn(x, beta, mean, var, gamma=None):
    g = 1.0 if gamma is None else gamma
    return g * (x - mean) / np.sqrt(var + EPS) + beta


def relu(x):
    return np.maximum(x, 0)


def relu6(x):
    return np.minimum(np.maximum(x, 0), 6)


def max_pool_same(x, k, s):
    return maxpool(pad_same(x, k, k, s, -np.inf), k, s)


def avg_pool_same_3x3(x):                             # stride 1; TensorFlow divides by the real pixels only
    ones = np.ones(x.shape[:3] + (1,))
    xs, ns = pad(x, 1, 1, 1, 1), pad(ones, 1, 1, 1, 1)
    h, w = x.shape[1], x.shape[2]
    total = sum(xs[:, i:i + h, j:j + w, :] for i in range(3) for j in range(3))
    count = sum(ns[:, i:i + h, j:j + w, :] for i in range(3) for j in range(3))
    return total / count


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---- weights and the Keras 2 file layout -------------------------------------------------------------------

class Weights:
    """Layers in Keras's order with their arrays; random values (rounded to float16 when asked) or shapes only."""

    def __init__(self, half=False):
        self.layers = []
        self.half = half

    def _value(self, shape, std, offset=0.0):
        return rng.standard_normal(shape) * std + offset

    def add(self, name, arrays):
        if self.half:      # compute with exactly the values the file holds
            arrays = [(a, v.astype(np.float16).astype(np.float64)) for a, v in arrays]
        self.layers.append((name, arrays))
        return [a for _, a in arrays]

    def kernel(self, name, shape, bias=False):
        fan_in = shape[0] * shape[1] * shape[2]
        arrays = [("kernel", self._value(shape, math.sqrt(2.0 / fan_in)))]
        if bias:
            arrays.append(("bias", self._value(shape[-1:], 0.1)))
        return self.add(name, arrays)

    def depthwise(self, name, kh, kw, c):
        return self.add(name, [("depthwise_kernel", self._value((kh, kw, c, 1), math.sqrt(2.0 / (kh * kw))))])[0]

    def separable(self, name, c, filters):
        d = self._value((3, 3, c, 1), math.sqrt(2.0 / 9))
        p = self._value((1, 1, c, filters), math.sqrt(2.0 / c))
        return self.add(name, [("depthwise_kernel", d), ("pointwise_kernel", p)])

    def batchnorm(self, name, c, scale=True):
        gamma = np.abs(self._value((c,), 0.2, 1.0)) + 0.1
        beta, mean = self._value((c,), 0.1), self._value((c,), 0.1)
        var = np.abs(self._value((c,), 0.3, 1.0)) + 0.2
        arrays = [("beta", beta), ("moving_mean", mean), ("moving_variance", var)]
        if scale:
            arrays.insert(0, ("gamma", gamma))
        values = self.add(name, arrays)
        return values if scale else [None] + values

    def dense(self, name, n_in, n_out, conv1x1=False):
        k = self._value((n_in, n_out), math.sqrt(1.0 / n_in))
        b = self._value((n_out,), 0.1)
        k, b = self.add(name, [("kernel", k.reshape(1, 1, n_in, n_out) if conv1x1 else k), ("bias", b)])
        return k.reshape(n_in, n_out), b

    def write(self, path, shapes_only=False):
        # HDF5's newer format keeps small group headers compact (Keras writes the old one; both read the same)
        with h5py.File(path, "w", libver="latest") as f:
            f.attrs["backend"] = b"tensorflow"
            f.attrs["keras_version"] = b"2.4.0"
            f.attrs["layer_names"] = np.asarray([n.encode("utf8") for n, _ in self.layers])
            for name, arrays in self.layers:
                g = f.create_group(name)
                g.attrs["weight_names"] = np.asarray([("%s/%s:0" % (name, a)).encode("utf8") for a, _ in arrays])
                sub = g.create_group(name) if arrays else None
                for a, v in arrays:
                    dtype = np.float16 if self.half else np.float32
                    ds = sub.create_dataset(a + ":0", np.shape(v), dtype=dtype)
                    if not shapes_only:
                        ds[...] = v


class Shapes(Weights):
    """Like Weights, but only the shapes matter (zeros are never written)."""

    def _value(self, shape, std, offset=0.0):
        return np.zeros(shape)


def save_case(name, x, y):
    keras_fixtures.OUT = OUT          # the same JSON case format, in this script's folder
    keras_fixtures.save_case(name, x, y)


# ---- the four families, as keras/src/applications builds them -----------------------------------------------

MOBILENET_UNITS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1),
                   (512, 1), (512, 1), (1024, 2), (1024, 1)]


def mobilenet(w, x, alpha, classes, include_top=True):
    c = int(32 * alpha)
    k, = w.kernel("conv1", (3, 3, 3, c))
    x = relu6(bn(conv(x, k, 2, True), *reorder(w.batchnorm("conv1_bn", c))))
    for i, (f, s) in enumerate(MOBILENET_UNITS, 1):
        if s == 2:
            x = pad(x, 0, 1, 0, 1)                   # conv_pad_i, then VALID
        d = w.depthwise("conv_dw_%d" % i, 3, 3, c)
        x = relu6(bn(depthwise(x, d, s, s == 1), *reorder(w.batchnorm("conv_dw_%d_bn" % i, c))))
        f = int(f * alpha)
        k, = w.kernel("conv_pw_%d" % i, (1, 1, c, f))
        x = relu6(bn(conv(x, k), *reorder(w.batchnorm("conv_pw_%d_bn" % i, f))))
        c = f
    if include_top:
        k, b = w.dense("conv_preds", c, classes, conv1x1=True)
        x = softmax(x.mean(axis=(1, 2)) @ k + b)     # GAP (keepdims), dropout (inference: none), 1x1 conv, softmax
    return x


def reorder(values):                                 # Weights.batchnorm order -> bn()'s (beta, mean, var, gamma)
    gamma, beta, mean, var = values
    return beta, mean, var, gamma


def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


MOBILENETV2_BLOCKS = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6),
                      (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6),
                      (160, 1, 6), (160, 1, 6), (320, 1, 6)]


def mobilenet_v2(w, x, alpha, classes, include_top=True):
    c = make_divisible(32 * alpha)
    k, = w.kernel("Conv1", (3, 3, 3, c))
    x = relu6(bn(conv(x, k, 2, True), *reorder(w.batchnorm("bn_Conv1", c))))
    for block_id, (filters, s, e) in enumerate(MOBILENETV2_BLOCKS):
        inputs, h = x, x
        prefix = "block_%d_" % block_id if block_id else "expanded_conv_"
        f = make_divisible(int(filters * alpha))
        if block_id:
            k, = w.kernel(prefix + "expand", (1, 1, c, e * c))
            h = relu6(bn(conv(h, k), *reorder(w.batchnorm(prefix + "expand_BN", e * c))))
        ch = h.shape[-1]
        if s == 2:                                   # imagenet_utils.correct_pad(x, 3)
            adj_h, adj_w = 1 - h.shape[1] % 2, 1 - h.shape[2] % 2
            h = pad(h, 1 - adj_h, 1, 1 - adj_w, 1)
        d = w.depthwise(prefix + "depthwise", 3, 3, ch)
        h = relu6(bn(depthwise(h, d, s, s == 1), *reorder(w.batchnorm(prefix + "depthwise_BN", ch))))
        k, = w.kernel(prefix + "project", (1, 1, ch, f))
        h = bn(conv(h, k), *reorder(w.batchnorm(prefix + "project_BN", f)))
        x = inputs + h if (c == f and s == 1) else h
        c = f
    last = make_divisible(1280 * alpha) if alpha > 1.0 else 1280
    k, = w.kernel("Conv_1", (1, 1, c, last))
    x = relu6(bn(conv(x, k), *reorder(w.batchnorm("Conv_1_bn", last))))
    if include_top:
        k, b = w.dense("predictions", last, classes)
        x = softmax(x.mean(axis=(1, 2)) @ k + b)
    return x


def inception_v3_layout(w, include_top=True):
    """Layer names and shapes only: Keras 2.0 numbered the unnamed conv2d_bn layers in creation order."""
    count = [0]
    channels = [3]

    def conv_bn(c_in, filters, kh, kw):
        count[0] += 1
        w.kernel("conv2d_%d" % count[0], (kh, kw, c_in, filters))
        w.batchnorm("batch_normalization_%d" % count[0], filters, scale=False)
        return filters

    c = conv_bn(3, 32, 3, 3)
    c = conv_bn(c, 32, 3, 3)
    c = conv_bn(c, 64, 3, 3)
    c = conv_bn(c, 80, 1, 1)
    c = conv_bn(c, 192, 3, 3)
    for pool in (32, 64, 64):                                     # mixed0..2
        conv_bn(c, 64, 1, 1)
        conv_bn(conv_bn(c, 48, 1, 1), 64, 5, 5)
        conv_bn(conv_bn(conv_bn(c, 64, 1, 1), 96, 3, 3), 96, 3, 3)
        conv_bn(c, pool, 1, 1)
        c = 64 + 64 + 96 + pool
    conv_bn(c, 384, 3, 3)                                         # mixed3
    conv_bn(conv_bn(conv_bn(c, 64, 1, 1), 96, 3, 3), 96, 3, 3)
    c = 384 + 96 + c
    for width in (128, 160, 160, 192):                            # mixed4..7
        conv_bn(c, 192, 1, 1)
        conv_bn(conv_bn(conv_bn(c, width, 1, 1), width, 1, 7), 192, 7, 1)
        t = conv_bn(c, width, 1, 1)
        for kh, kw in ((7, 1), (1, 7), (7, 1)):
            t = conv_bn(t, width, kh, kw)
        conv_bn(t, 192, 1, 7)
        conv_bn(c, 192, 1, 1)
        c = 768
    conv_bn(conv_bn(c, 192, 1, 1), 320, 3, 3)                     # mixed8
    t = conv_bn(c, 192, 1, 1)
    t = conv_bn(t, 192, 1, 7)
    t = conv_bn(t, 192, 7, 1)
    conv_bn(t, 192, 3, 3)
    c = 320 + 192 + c
    for _ in range(2):                                            # mixed9, mixed10
        conv_bn(c, 320, 1, 1)
        t = conv_bn(c, 384, 1, 1)
        conv_bn(t, 384, 1, 3)
        conv_bn(t, 384, 3, 1)
        t = conv_bn(conv_bn(c, 448, 1, 1), 384, 3, 3)
        conv_bn(t, 384, 1, 3)
        conv_bn(t, 384, 3, 1)
        conv_bn(c, 192, 1, 1)
        c = 320 + 768 + 768 + 192
    if include_top:
        w.dense("predictions", c, 1000)


def xception_layout(w, include_top=True):
    def sep_bn(name, c_in, filters):
        w.separable(name, c_in, filters)
        w.batchnorm(name + "_bn", filters)
        return filters

    w.kernel("block1_conv1", (3, 3, 3, 32))
    w.batchnorm("block1_conv1_bn", 32)
    w.kernel("block1_conv2", (3, 3, 32, 64))
    w.batchnorm("block1_conv2_bn", 64)
    c = 64
    shortcut = 0

    def reducing(block, c_in, first, second, shortcut):
        w.kernel("conv2d_%d" % shortcut, (1, 1, c_in, second))
        w.batchnorm("batch_normalization_%d" % shortcut, second)
        t = sep_bn("block%d_sepconv1" % block, c_in, first)
        return sep_bn("block%d_sepconv2" % block, t, second)

    for block, first, second in ((2, 128, 128), (3, 256, 256), (4, 728, 728)):
        shortcut += 1
        c = reducing(block, c, first, second, shortcut)
    for block in range(5, 13):
        for i in range(1, 4):
            sep_bn("block%d_sepconv%d" % (block, i), c, 728)
    c = reducing(13, c, 728, 1024, shortcut + 1)
    c = sep_bn("block14_sepconv1", c, 1536)
    c = sep_bn("block14_sepconv2", c, 2048)
    if include_top:
        w.dense("predictions", c, 1000)


def inception_block(w, x):
    """conv 3x3/2 VALID, then 1x7 and 7x1 SAME, each conv2d_bn (no bias, BN without scale, ReLU); avg pool 3x3/1
    SAME + 1x1 conv2d_bn; concatenated; GAP; dense softmax."""
    def conv_bn(i, h, filters, kh, kw, s=1, same=True):
        k, = w.kernel("conv2d_%d" % i, (kh, kw, h.shape[-1], filters))
        _, beta, mean, var = w.batchnorm("batch_normalization_%d" % i, filters, scale=False)
        return relu(bn(conv(h, k, s, same), beta, mean, var))

    x = conv_bn(1, x, 6, 3, 3, 2, False)
    a = conv_bn(3, conv_bn(2, x, 5, 1, 7), 4, 7, 1)
    b = conv_bn(4, avg_pool_same_3x3(x), 3, 1, 1)
    h = np.concatenate([a, b], axis=-1)
    k, bias = w.dense("predictions", 7, 5)
    return softmax(h.mean(axis=(1, 2)) @ k + bias)


def xception_block(w, x):
    """block1_conv1 (3x3/2 VALID) + BN + ReLU; entry block 2: sep 3x3 + BN, ReLU, sep + BN, max pool 3x3/2 SAME,
    plus the shortcut 1x1/2 SAME conv + BN; then a middle-block unit: ReLU, sep + BN, add; GAP; dense softmax."""
    k, = w.kernel("block1_conv1", (3, 3, 3, 4))
    x = relu(bn(conv(x, k, 2), *reorder(w.batchnorm("block1_conv1_bn", 4))))
    k, = w.kernel("conv2d_1", (1, 1, 4, 6))
    shortcut = bn(conv(x, k, 2, True), *reorder(w.batchnorm("batch_normalization_1", 6)))
    d, p = w.separable("block2_sepconv1", 4, 5)
    h = relu(bn(separable(x, d, p), *reorder(w.batchnorm("block2_sepconv1_bn", 5))))
    d, p = w.separable("block2_sepconv2", 5, 6)
    h = bn(separable(h, d, p), *reorder(w.batchnorm("block2_sepconv2_bn", 6)))
    x = max_pool_same(h, 3, 2) + shortcut
    d, p = w.separable("block5_sepconv1", 6, 6)
    x = x + bn(separable(relu(x), d, p), *reorder(w.batchnorm("block5_sepconv1_bn", 6)))
    k, b = w.dense("predictions", 6, 5)
    return softmax(x.mean(axis=(1, 2)) @ k + b)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in (("mobilenet", lambda w, t: mobilenet(w, np.zeros((1, 32, 32, 3)), 1.0, 1000, t)),
                             ("mobilenetv2", lambda w, t: mobilenet_v2(w, np.zeros((1, 32, 32, 3)), 1.0, 1000, t)),
                             ("inceptionv3", lambda w, t: inception_v3_layout(w, t)),
                             ("xception", lambda w, t: xception_layout(w, t))):
        w = Shapes()
        build(w, True)
        w.write(os.path.join(OUT, "%s_layout.h5" % name), shapes_only=True)

    x = rng.uniform(-1, 1, (2, 32, 32, 3))
    w = Weights(half=True)
    y = mobilenet(w, x, 0.25, 5)
    w.write(os.path.join(OUT, "mobilenet_0.25_32_top5.h5"))
    save_case("mobilenet_0.25_32_top5", x, y)

    x = rng.uniform(-1, 1, (2, 32, 32, 3))
    w = Weights(half=True)
    y = mobilenet_v2(w, x, 0.35, 0, include_top=False)
    w.write(os.path.join(OUT, "mobilenetv2_0.35_32_notop.h5"))
    save_case("mobilenetv2_0.35_32_notop", x, y)

    x = rng.uniform(-1, 1, (2, 13, 11, 3))
    w = Weights()
    y = inception_block(w, x)
    w.write(os.path.join(OUT, "inception_block.h5"))
    save_case("inception_block", x, y)

    x = rng.uniform(-1, 1, (2, 13, 11, 3))
    w = Weights()
    y = xception_block(w, x)
    w.write(os.path.join(OUT, "xception_block.h5"))
    save_case("xception_block", x, y)


if __name__ == "__main__":
    main()

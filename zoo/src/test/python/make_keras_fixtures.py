#!/usr/bin/python3
"""Writes small Keras-2-layout weight files and the outputs Keras would compute, independently of transfer4j.

Run from the repository root:  /usr/bin/python3 zoo/src/test/python/make_keras_fixtures.py
Needs only Debian's python3-h5py and python3-numpy. The outputs are committed under
zoo/src/test/resources/keras-fixtures/ so the Java tests (and CI, which has no h5py) just read them.

The files mimic what Keras 2's model.save_weights('x.h5') writes (keras/saving/hdf5_format.py):
  root attrs   backend, keras_version (fixed-length byte strings), layer_names (array of fixed-length
               byte strings, every layer including those without weights)
  layer group  attr weight_names (array of fixed-length byte strings; an empty float64 array for layers
               without weights); arrays in that order: kernel, bias / gamma, beta, moving_mean, moving_variance
  new style    array 'conv_a/kernel:0' -> data set kernel:0 inside sub-group conv_a of group conv_a
  old style    (Keras 1, e.g. vgg16_weights_tf_dim_ordering_tf_kernels.h5) flat 'conv_a_W_1:0', no version attrs
The forward passes are plain numpy in NHWC (channels-last), as TensorFlow computes them.
"""
import json
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "keras-fixtures")
rng = np.random.default_rng(20240611)


def rand(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


# ---- numpy reference ops (NHWC, batch first) --------------------------------------------------------------

def conv2d(x, k, b):                       # k: (kh, kw, in, out), VALID, stride 1, cross-correlation
    n, h, w, _ = x.shape
    kh, kw, _, o = k.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, o), np.float64)
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nhwc,co->nhwo", x[:, i:i + h - kh + 1, j:j + w - kw + 1, :], k[i, j])
    return out + (0 if b is None else b)


def depthwise(x, d, b):                    # d: (kh, kw, in, mult); output channel c*mult + m
    n, h, w, c = x.shape
    kh, kw, _, m = d.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, c, m), np.float64)
    for i in range(kh):
        for j in range(kw):
            out += x[:, i:i + h - kh + 1, j:j + w - kw + 1, :, None] * d[i, j][None, None, None]
    out = out.reshape(n, h - kh + 1, w - kw + 1, c * m)
    return out + (0 if b is None else b)


def batchnorm(x, gamma, beta, mean, var, eps):
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def relu(x):
    return np.maximum(x, 0)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---- writing Keras layout ---------------------------------------------------------------------------------

def write(path, layers, new_style=True, whole_model=False, chunked=False, dtype=None):
    """layers: list of (layer_name, [(weight_name, array), ...]) in Keras's order.

    whole_model: as model.save('x.h5') does, the weights go to group 'model_weights' beside a 'model_config'."""
    with h5py.File(path, "w") as root:
        f = root
        if whole_model:
            root.attrs["keras_version"] = b"2.4.0"
            root.attrs["backend"] = b"tensorflow"
            root.attrs["model_config"] = b'{"class_name": "Functional", "config": {}}'
            f = root.create_group("model_weights")
        if new_style:
            f.attrs["backend"] = b"tensorflow"
            f.attrs["keras_version"] = b"2.4.0"
        names_npy = np.asarray([name.encode("utf8") for name, _ in layers])
        if chunked:
            # Keras splits attributes over HDF5's 64 KB header limit into layer_names0, layer_names1, ...
            for i, part in enumerate(np.array_split(names_npy, 2)):
                f.attrs["layer_names%d" % i] = part
        else:
            f.attrs["layer_names"] = names_npy
        for name, weights in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.asarray([w.encode("utf8") for w, _ in weights])
            for w, value in weights:
                value = value if dtype is None else value.astype(dtype)
                g.create_dataset(w, value.shape, dtype=value.dtype)[...] = value


def names(layer, kinds, new_style):
    if new_style:
        return ["%s/%s:0" % (layer, k) for k in kinds]
    return ["%s_%s_1:0" % (layer, k) for k in kinds]


def save_case(name, x, y, extra=None):
    case = {"input_nhwc_shape": list(x.shape), "input_nhwc": x.ravel().tolist(),
            "output_shape": list(y.shape), "output": y.ravel().tolist()}
    case.update(extra or {})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(case, f)


def main():
    os.makedirs(OUT, exist_ok=True)

    # 1. conv (asymmetric 3x2 kernel, 3 -> 3 channels) -> BN -> relu -> flatten -> dense -> softmax head.
    #    Input 6x7 so that H != W after the conv (4x6): a wrong flatten order or a kh/kw transpose shows.
    x = rng.uniform(0, 1, (2, 6, 7, 3)).astype(np.float32)
    k, b = rand(3, 2, 3, 3), rand(3)
    gamma, beta, mean = rand(3) + 1, rand(3), rand(3)
    var = rng.uniform(0.5, 2.0, 3).astype(np.float32)
    w1, b1 = rand(4 * 6 * 3, 5, scale=0.3), rand(5)
    w2, b2 = rand(5, 4), rand(4)
    eps = 1e-3
    h = relu(batchnorm(conv2d(x, k, b), gamma, beta, mean, var, eps))
    h = relu(h.reshape(h.shape[0], -1) @ w1 + b1)        # Keras Flatten: (h, w, c) order
    y = softmax(h @ w2 + b2)
    for style, new in (("new", True), ("old", False)):
        conv_name, bn_name, fc_name, out_name = (("conv_a", "bn_a", "fc1", "predictions") if new else
                                                 ("convolution2d_1", "batchnormalization_1", "dense_1", "dense_2"))
        bn_kinds = ["gamma", "beta", "moving_mean", "moving_variance"]
        layers = [("input_1", []),
                  (conv_name, list(zip(names(conv_name, ["kernel", "bias"] if new else ["W", "b"], new), [k, b]))),
                  (bn_name, list(zip(names(bn_name, bn_kinds, new), [gamma, beta, mean, var]))),
                  ("activation_1", []),
                  ("flatten", []),
                  (fc_name, list(zip(names(fc_name, ["kernel", "bias"] if new else ["W", "b"], new), [w1, b1]))),
                  (out_name, list(zip(names(out_name, ["kernel", "bias"] if new else ["W", "b"], new), [w2, b2])))]
        write(os.path.join(OUT, "conv_bn_dense_%s.h5" % style), layers, new)
    save_case("conv_bn_dense", x, y, {"bn_eps": eps})

    # Bad variants of case 1 (new style): a layer missing, an extra layer, a mis-shaped kernel.
    good = [("input_1", []),
            ("conv_a", list(zip(names("conv_a", ["kernel", "bias"], True), [k, b]))),
            ("bn_a", list(zip(names("bn_a", ["gamma", "beta", "moving_mean", "moving_variance"], True),
                              [gamma, beta, mean, var]))),
            ("flatten", []),
            ("fc1", list(zip(names("fc1", ["kernel", "bias"], True), [w1, b1]))),
            ("predictions", list(zip(names("predictions", ["kernel", "bias"], True), [w2, b2])))]
    write(os.path.join(OUT, "conv_bn_dense_whole_model.h5"), good, whole_model=True)
    write(os.path.join(OUT, "conv_bn_dense_chunked_f64.h5"), good, chunked=True, dtype=np.float64)
    # The classifier under another name, as keras-applications' ResNet50 file calls it 'probs' (tf.keras: 'predictions').
    write(os.path.join(OUT, "conv_bn_dense_renamed_head.h5"),
          [l if l[0] != "predictions" else ("probs", list(zip(names("probs", ["kernel", "bias"], True), [w2, b2])))
           for l in good])
    # Layer names with '/', as Keras's DenseNet has (conv1/conv, conv1/bn): h5py nests the groups.
    write(os.path.join(OUT, "conv_bn_dense_slash_names.h5"),
          [("input_1", []),
           ("conv1/conv", list(zip(names("conv1/conv", ["kernel", "bias"], True), [k, b]))),
           ("conv1/bn", list(zip(names("conv1/bn", ["gamma", "beta", "moving_mean", "moving_variance"], True),
                                 [gamma, beta, mean, var]))),
           ("conv1/relu", []),
           ("flatten", []),
           ("fc1", list(zip(names("fc1", ["kernel", "bias"], True), [w1, b1]))),
           ("predictions", list(zip(names("predictions", ["kernel", "bias"], True), [w2, b2])))])
    write(os.path.join(OUT, "bad_missing_layer.h5"), [l for l in good if l[0] != "fc1"])
    write(os.path.join(OUT, "bad_extra_layer.h5"),
          good + [("fc_extra", list(zip(names("fc_extra", ["kernel", "bias"], True), [rand(4, 2), rand(2)])))])
    write(os.path.join(OUT, "bad_shape.h5"),
          [l if l[0] != "conv_a" else ("conv_a", list(zip(names("conv_a", ["kernel", "bias"], True),
                                                          [rand(3, 3, 3, 3), b]))) for l in good])

    # Keras 3's '.weights.h5' layout (layers/<name>/vars/0, ...), which is not Keras 2's.
    with h5py.File(os.path.join(OUT, "keras3.weights.h5"), "w") as f:
        f.create_group("layers").create_group("conv_a").create_group("vars").create_dataset("0", data=k)
        f.create_group("vars")
        f.create_group("optimizer")

    # An HDF5 file that is not a Keras weights file (no layer_names), e.g. some other tool's data.
    with h5py.File(os.path.join(OUT, "not_keras.h5"), "w") as f:
        f.create_dataset("images", data=np.zeros((2, 3), np.float32))

    # 2. depthwise 3x3 (multiplier 2) -> separable 3x3 to 4 channels -> global average pool -> dense.
    x = rng.uniform(0, 1, (2, 7, 6, 3)).astype(np.float32)
    dk, db = rand(3, 3, 3, 2), rand(6)
    sdk, spk, sb = rand(3, 3, 6, 1), rand(1, 1, 6, 4), rand(4)
    wd, bd = rand(4, 3), rand(3)
    h = relu(depthwise(x, dk, db))
    h = relu(conv2d(depthwise(h, sdk, None), spk, sb))
    h = h.mean(axis=(1, 2))
    y = h @ wd + bd
    write(os.path.join(OUT, "depthwise_separable.h5"),
          [("input_1", []),
           ("dw", list(zip(names("dw", ["depthwise_kernel", "bias"], True), [dk, db]))),
           ("sep", list(zip(names("sep", ["depthwise_kernel", "pointwise_kernel", "bias"], True), [sdk, spk, sb]))),
           ("gap", []),
           ("logits", list(zip(names("logits", ["kernel", "bias"], True), [wd, bd])))])
    save_case("depthwise_separable", x, y)


if __name__ == "__main__":
    main()

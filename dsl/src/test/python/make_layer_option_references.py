"""Reference outputs for LayerOptionsReferenceTest, computed with PyTorch (Debian's python3-torch 1.13).

Run from the repository root:  /usr/bin/python3 dsl/src/test/python/make_layer_option_references.py
Writes dsl/src/test/resources/layer-options/reference.json: per case the input, any weights, and PyTorch's output,
all NCHW float32 flattened in C order. The Java test builds the same layer with the DSL and compares within 1e-5.
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(22)
cases = {}


def image(n, c, h, w):
    return (torch.rand(n, c, h, w) * 4 - 2).float()


def case(name, x, y, **weights):
    cases[name] = {
        "inputShape": list(x.shape), "input": x.flatten().tolist(),
        "outputShape": list(y.shape), "output": y.detach().flatten().tolist(),
        "weights": {k: {"shape": list(v.shape), "values": v.detach().flatten().tolist()} for k, v in weights.items()},
    }


def exclude_pad_avg(x, k, s, pads, ceil):
    """Average over real pixels only, with asymmetric pads: zero-pad, then divide by the pooled mask."""
    t, b, l, r = pads
    xp = F.pad(x, (l, r, t, b))
    ones = F.pad(torch.ones_like(x), (l, r, t, b))
    return F.avg_pool2d(xp, k, s, ceil_mode=ceil) / F.avg_pool2d(ones, k, s, ceil_mode=ceil)


x = image(2, 3, 9, 9)
case("max_dilation", x, F.max_pool2d(x, 3, 1, 1, dilation=2))
case("max_ceil", x, F.max_pool2d(x, 3, 2, 0, ceil_mode=True))
x8 = image(2, 3, 8, 8)
case("max_ceil_pad", x8, F.max_pool2d(x8, 3, 2, 1, ceil_mode=True))
case("max_ceil_dilation", x8, F.max_pool2d(x8, 2, 2, 1, dilation=2, ceil_mode=True))
case("avg_include_pad", x, F.avg_pool2d(x, 3, 2, 1, count_include_pad=True))
case("avg_exclude_pad", x, F.avg_pool2d(x, 3, 2, 1, count_include_pad=False))
case("avg_ceil_include_pad", x8, F.avg_pool2d(x8, 3, 2, 1, ceil_mode=True, count_include_pad=True))
case("avg_ceil_exclude_pad", x8, F.avg_pool2d(x8, 3, 2, 1, ceil_mode=True, count_include_pad=False))
x7 = image(2, 2, 7, 7)
case("avg_ceil_no_pad", x7, F.avg_pool2d(x7, 2, 2, 0, ceil_mode=True))
# Asymmetric pads (ONNX pads / Keras ZeroPadding2D before pooling): max ignores the padding.
case("max_pads_0101", x8, F.max_pool2d(F.pad(x8, (0, 1, 0, 1), value=-math.inf), 3, 2))
case("avg_pads_0101_include", x8, F.avg_pool2d(F.pad(x8, (0, 1, 0, 1)), 3, 2))
case("avg_pads_1021_exclude", x8, exclude_pad_avg(x8, 3, 2, (1, 0, 2, 1), False))
# SAME with the extra pixel first (ONNX SAME_LOWER): 8 -> 4 with k3 s2 needs 1 pixel: top/left.
case("max_same_start", x8, F.max_pool2d(F.pad(x8, (1, 0, 1, 0), value=-math.inf), 3, 2))
case("avg_same_start", x8, exclude_pad_avg(x8, 3, 2, (1, 0, 1, 0), False))

# Activations.
a = image(2, 3, 4, 5)
case("elu_0_5", a, F.elu(a, alpha=0.5))
case("selu", a, F.selu(a))
case("relu6", a * 4, F.relu6(a * 4))
case("hard_sigmoid_torch", a * 3, F.hardsigmoid(a * 3))
case("hard_sigmoid_onnx", a * 3, torch.clamp(0.2 * a * 3 + 0.5, 0, 1))
case("hard_swish", a * 3, F.hardswish(a * 3))
case("gelu", a * 2, F.gelu(a * 2))
case("gelu_tanh", a * 2, F.gelu(a * 2, approximate="tanh"))
case("silu", a * 2, F.silu(a * 2))
slopes = torch.tensor([0.1, -0.3, 0.7])
case("prelu", a, F.prelu(a, slopes), W=slopes)
case("prelu_shared", a, F.prelu(a, torch.tensor([0.25])))

# LRN (PyTorch's alpha is divided by the size).
l5 = image(2, 7, 3, 3)
case("lrn_3", l5, F.local_response_norm(l5, 3, alpha=1e-2, beta=0.6, k=1.5))
case("lrn_5", l5, F.local_response_norm(l5, 5, alpha=5e-4, beta=0.75, k=2.0))  # lrn(): AlexNet, 1e-4 per channel

# Convolutions with asymmetric padding and SAME_START; transposed conv with output padding.
c = image(2, 3, 8, 8)
w = torch.randn(4, 3, 3, 3) * 0.3
bias = torch.randn(4) * 0.1
case("conv_pads_0101", c, F.conv2d(F.pad(c, (0, 1, 0, 1)), w, bias, stride=2), W=w, b=bias)
case("conv_same_start", c, F.conv2d(F.pad(c, (1, 0, 1, 0)), w, bias, stride=2), W=w, b=bias)
wd = torch.randn(3, 1, 3, 3) * 0.3          # depthwise: one 3x3 filter per channel
bd = torch.randn(3) * 0.1
case("dwconv_pads_0101", c, F.conv2d(F.pad(c, (0, 1, 0, 1)), wd, bd, stride=2, groups=3), W=wd, b=bd)
u = image(2, 3, 4, 5)
wt = torch.randn(3, 2, 3, 3) * 0.3          # ConvTranspose2d weight: in, out, kh, kw
bt = torch.randn(2) * 0.1
case("deconv_output_padding", u, F.conv_transpose2d(u, wt, bt, stride=2, padding=1, output_padding=1), W=wt, b=bt)
case("deconv_output_padding_10", u, F.conv_transpose2d(u, wt, bt, stride=2, padding=(2, 1), output_padding=(1, 0)), W=wt, b=bt)

with open("dsl/src/test/resources/layer-options/reference.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases")

"""Writes tiny/network.json and tiny/weights.safetensors with the exporter of docs/network-format.md
(tools/adabin_export.py), for NetworkFormatTest: the Java reader must accept what the Python exporter
writes and map every parameter to the right place.

Run from this directory with a Python that has torch (tested with 1.13):  /usr/bin/python3 make_fixtures.py
Every parameter is set to a value the test can recompute: tensor element i of a layer is base + i / 100.
"""
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "tools"))
from adabin_export import export_network  # noqa: E402


class BinaryActivation(nn.Module):
    def __init__(self):
        super().__init__()
        self.alpha_a = nn.Parameter(torch.tensor(0.75))
        self.beta_a = nn.Parameter(torch.tensor(-0.25))


class AdaBinConv(nn.Conv2d):
    """Only the parameter layout of an AdaBin binary convolution matters to the exporter."""

    def __init__(self, cin, cout):
        super().__init__(cin, cout, 3, 1, 1, bias=False)
        self.binary_a = BinaryActivation()


class Maxout(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.pos_scale = nn.Parameter(torch.zeros(1, c, 1, 1))  # official layout: exported as [C]
        self.neg_scale = nn.Parameter(torch.zeros(1, c, 1, 1))


def fill(t, base):
    with torch.no_grad():
        t.copy_((base + torch.arange(t.numel(), dtype=torch.float64) / 100).reshape(t.shape))
    return t


conv = nn.Conv2d(2, 4, 3, 1, 1, bias=True)
bn = nn.BatchNorm2d(4)
act = Maxout(4)
bconv = AdaBinConv(4, 4)
prelu = nn.PReLU(4)
bn1d = nn.BatchNorm1d(8)
fc = nn.Linear(8, 3)
for i, (name, p) in enumerate([*conv.named_parameters(), *bn.named_parameters(), *act.named_parameters(),
                               ("weight", bconv.weight), *prelu.named_parameters(), *bn1d.named_parameters(),
                               *fc.named_parameters()]):
    fill(p, i + 1)
fill(bn.running_mean, -1)
fill(bn.running_var, 2)
fill(bn1d.running_mean, -2)
fill(bn1d.running_var, 3)
wsd_weight = fill(torch.empty(8, 4, 1, 1), -0.5)

export_network(os.path.join(HERE, "tiny", "network.json"), "tiny",
               {"shape": [2, 6, 6], "scale": 1 / 255, "mean": [0.5, 0.25], "std": [0.5, 0.125]},
               [("conv", conv), ("bn", bn), ("act", act), ("bconv", bconv), ("prelu", prelu),
                ("res", {"type": "add"}, ["prelu", "act"]),
                ("clip", nn.Hardtanh(-2.0, 3.0)),
                ("wsd", {"type": "binary_conv2d", "out_channels": 8, "in_channels": 4, "kernel": [1, 1],
                         "stride": 1, "padding": 0, "weight_binarizer": "wsd",
                         "activation_binarizer": "channel_threshold",
                         "tensors": {"weight": wsd_weight, "wsd_shift": fill(torch.empty(8), 0.5),
                                     "act_threshold": fill(torch.empty(4), -0.1)}}),
                ("sc", {"type": "shortcut_a", "stride": 1, "pad_channels": 2}, ["clip"]),
                ("res2", {"type": "add"}, ["wsd", "sc"]),
                ("relu", nn.ReLU()),
                ("mpool", nn.MaxPool2d(2)),
                ("apool", nn.AvgPool2d(3, 1, 1, ceil_mode=True, count_include_pad=False)),
                ("gap", nn.AdaptiveAvgPool2d(1)), ("bn1d", bn1d), ("fc", fc)])

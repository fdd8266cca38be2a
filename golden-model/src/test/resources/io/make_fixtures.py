"""Generates the small fixture files used by the org.adabinhw.golden.io tests.

Run once from this directory with a Python that has torch (tested with 1.13) and numpy:
    python3 make_fixtures.py
The Java tests never run Python; they only read the files written here. All values are
deterministic so the tests can recompute them.
"""
import json
import struct
from collections import OrderedDict

import numpy as np
import torch
from torch import nn

# ---- PyTorch zip checkpoints ------------------------------------------------------------

base = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.5
d = torch.arange(24, dtype=torch.float64).reshape(4, 6) / 8
bare = OrderedDict()
bare["base"] = base                                   # contiguous float32 [3, 4]
bare["transposed"] = base.t()                         # same storage, shape [4, 3], stride [1, 4]
bare["sliced"] = d[1:, ::2]                           # float64, offset 6, stride [6, 2]
bare["expanded"] = torch.tensor([1.0, 2.0, 3.0]).expand(2, 3)   # stride [0, 1]
bare["int64"] = torch.tensor([-(2 ** 40), 0, 7, 2 ** 53], dtype=torch.int64)
bare["num_batches_tracked"] = torch.tensor(123, dtype=torch.int64)
bare["int32"] = torch.tensor([[-5, 6], [2 ** 31 - 1, -(2 ** 31)]], dtype=torch.int32)
bare["int16"] = torch.tensor([-300, 300], dtype=torch.int16)
bare["int8"] = torch.tensor([-128, 127], dtype=torch.int8)
bare["uint8"] = torch.tensor([0, 1, 255], dtype=torch.uint8)
bare["bool"] = torch.tensor([True, False, True])
bare["float16"] = torch.tensor([0.5, -2.0, 65504.0], dtype=torch.float16)
bare["bfloat16"] = torch.tensor([1.5, -3.0, 256.0], dtype=torch.bfloat16)
bare["scalar"] = torch.tensor(3.25)
bare["empty"] = torch.zeros(0, 3)
torch.save(bare, "torch_bare.th")

torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(2, 3, 3, bias=False), nn.BatchNorm2d(3))
with torch.no_grad():
    net[0].weight.copy_(torch.arange(54, dtype=torch.float32).reshape(3, 2, 3, 3) / 10)
    net[1].running_mean.copy_(torch.tensor([0.25, -0.5, 1.0]))
wrapped = nn.DataParallel(net).state_dict()           # keys 'module.0.weight', ..., has _metadata
torch.save({
    "epoch": 3,
    "arch": "resnet20",
    "state_dict": wrapped,
    "best_prec1": torch.tensor(91.5),
    "lr": 0.1,
    "milestones": [100, 150],
    "betas": (0.9, 0.999),
    "flag": True,
    "nothing": None,
}, "torch_wrapper.th")

nested_sd = OrderedDict()
nested_sd["fc.weight"] = nn.Parameter(torch.ones(2, 3))   # pickled via _rebuild_parameter
nested_sd["fc.bias"] = torch.tensor([-1.0, 1.0])
torch.save({
    "model": {"state_dict": nested_sd},
    "optimizer": {"state": {}, "param_groups": [{"lr": 0.01, "params": [0, 1]}]},
}, "torch_nested.th")

torch.save({"a": torch.ones(2)}, "torch_legacy.th", _use_new_zipfile_serialization=False)

# ---- NumPy .npy --------------------------------------------------------------------------

np.save("npy_uint8.npy", (np.arange(24, dtype=np.uint8) * 10).reshape(2, 3, 4))
np.save("npy_int8.npy", np.arange(-12, 12, dtype=np.int8).reshape(4, 6))
np.save("npy_int16.npy", np.arange(-3, 3, dtype=np.int16) * 1000)
np.save("npy_int32.npy", np.array([-(2 ** 31), 0, 2 ** 31 - 1], dtype=np.int32))
np.save("npy_int64.npy", np.array([-(2 ** 62), 0, 2 ** 53, 5], dtype=np.int64))
np.save("npy_float16.npy", np.array([0.5, -2.0, 65504.0], dtype=np.float16))
np.save("npy_float32.npy", (np.arange(6, dtype=np.float32) / 4).reshape(2, 3))
np.save("npy_float64.npy", np.array([np.pi, -1e300, 5e-324], dtype=np.float64))
np.save("npy_bool.npy", np.array([True, False, True]))
np.save("npy_scalar.npy", np.float64(2.5))
for version in [(2, 0), (3, 0)]:
    with open("npy_v%d.npy" % version[0], "wb") as f:
        np.lib.format.write_array(f, np.arange(4, dtype=np.float32), version=version)
np.save("npy_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save("npy_bigendian.npy", np.arange(3, dtype=">i4"))

# ---- safetensors (written by hand to the published format; no safetensors package here) --

tensors = [
    ("a", "F32", [2, 2], np.array([1, 2, 3, 4], dtype="<f4").tobytes()),
    ("b", "I64", [3], np.array([-1, 0, 2 ** 40], dtype="<i8").tobytes()),
    ("c", "BF16", [2], (np.array([1.5, -2.0], dtype="<f4").view("<u4") >> 16).astype("<u2").tobytes()),
    ("d", "U8", [2], bytes([0, 255])),
    ("e", "BOOL", [2], bytes([1, 0])),
    ("f", "F16", [1], np.array([0.5], dtype="<f2").tobytes()),
]
header = {"__metadata__": {"format": "pt", "source": "make_fixtures.py"}}
buf = b""
for name, dtype, shape, raw in tensors:
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(buf), len(buf) + len(raw)]}
    buf += raw
h = json.dumps(header, separators=(",", ":")).encode()
h += b" " * (-len(h) % 8)
with open("st_sample.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + buf)

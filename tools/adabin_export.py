"""Export a PyTorch model to the adabin-hw network format (docs/network-format.md).

Needs only torch and the Python standard library: the safetensors file is written by hand.
"""
import json
import os
import struct

import torch
from torch import nn


def _tensor_bytes(t, dtype):
    flat = t.detach().cpu().to(torch.float64).reshape(-1).tolist()
    return struct.pack("<%d%s" % (len(flat), "d" if dtype == "F64" else "f"), *flat)


def write_safetensors(path, tensors, metadata=None, dtype="F32"):
    """Writes {name: tensor} as safetensors: u64 header length, JSON header, little-endian data."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name in sorted(tensors):
        data = _tensor_bytes(tensors[name], dtype)
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))
    os.replace(tmp, path)


def _single(v, what):
    v = (v,) if isinstance(v, int) else tuple(v)
    if len(set(v)) != 1:
        raise ValueError("%s must be the same in both directions, got %s" % (what, v))
    return v[0]


def _describe(m):
    """JSON fields and {param: tensor} of one module."""
    if isinstance(m, nn.Conv2d):
        if m.groups != 1 or _single(m.dilation, "dilation") != 1 or m.padding_mode != "zeros" \
                or isinstance(m.padding, str):
            raise ValueError("only zero-padded, ungrouped, undilated convolutions with numeric padding")
        f = {"out_channels": m.out_channels, "in_channels": m.in_channels, "kernel": list(m.kernel_size),
             "stride": _single(m.stride, "stride"), "padding": _single(m.padding, "padding")}
        if hasattr(m, "binary_a"):  # AdaBin binary convolution (no bias)
            f.update(type="binary_conv2d", weight_binarizer="adabin", activation_binarizer="adabin")
            return f, {"weight": m.weight, "binary_a.alpha_a": m.binary_a.alpha_a.reshape(()),
                       "binary_a.beta_a": m.binary_a.beta_a.reshape(())}
        f.update(type="conv2d", bias=m.bias is not None)
        return f, {"weight": m.weight, **({"bias": m.bias} if m.bias is not None else {})}
    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
        return {"type": "batchnorm", "eps": m.eps}, {"weight": m.weight, "bias": m.bias,
                                                     "running_mean": m.running_mean, "running_var": m.running_var}
    if hasattr(m, "pos_scale") and hasattr(m, "neg_scale"):  # Maxout
        return {"type": "maxout"}, {"pos_scale": m.pos_scale.reshape(-1), "neg_scale": m.neg_scale.reshape(-1)}
    if isinstance(m, nn.PReLU):
        return {"type": "prelu"}, {"weight": m.weight.reshape(-1)}
    if isinstance(m, nn.Hardtanh):
        return {"type": "hardtanh", "min": m.min_val, "max": m.max_val}, {}
    if isinstance(m, nn.ReLU):
        return {"type": "relu"}, {}
    if isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
        f = {"kernel": _single(m.kernel_size, "kernel"), "stride": _single(m.stride, "stride"),
             "padding": _single(m.padding, "padding"), "ceil_mode": m.ceil_mode}
        if isinstance(m, nn.MaxPool2d):
            if _single(m.dilation, "dilation") != 1:
                raise ValueError("dilated max pooling is not supported")
            return dict(type="maxpool2d", **f), {}
        if m.divisor_override is not None:
            raise ValueError("avg pooling with divisor_override is not supported")
        return dict(type="avgpool2d", **f, count_include_pad=m.count_include_pad), {}
    if isinstance(m, nn.AdaptiveAvgPool2d) and _single(m.output_size, "output_size") == 1:
        return {"type": "global_avgpool"}, {}
    if isinstance(m, nn.Linear):
        return ({"type": "linear", "out_features": m.out_features, "in_features": m.in_features,
                 "bias": m.bias is not None}, {"weight": m.weight, **({"bias": m.bias} if m.bias is not None else {})})
    raise ValueError("cannot export module %s: describe it as a dict" % type(m).__name__)


def export_network(json_path, name, input_spec, layers, weights="weights.safetensors", dtype="F32"):
    """Writes the network JSON <json_path> and the tensors <weights> (relative to the JSON's folder).

    input_spec: {"shape": [C, H, W], "scale": 1/255, "mean": [...], "std": [...]}.
    layers: (name, what) or (name, what, inputs) in execution order, where `what` is a module or a
    dict of JSON fields (e.g. {"type": "add"}), optionally with "tensors": {param: tensor}.
    """
    out, tensors = [], {}
    for entry in layers:
        lname, what, inputs = (tuple(entry) + (None,))[:3]
        if isinstance(what, dict):
            fields = {k: v for k, v in what.items() if k != "tensors"}
            params = what.get("tensors", {})
        else:
            fields, params = _describe(what)
        layer = {"name": lname, "type": fields.pop("type")}
        if inputs is not None:
            layer["inputs"] = list(inputs)
        layer.update(fields)
        out.append(layer)
        for p, t in params.items():
            tensors[lname + "." + p] = t
    doc = {"format": "adabin-hw-network", "version": 1, "name": name, "input": input_spec,
           "weights": weights, "layers": out}
    folder = os.path.dirname(os.path.abspath(json_path))
    write_safetensors(os.path.join(folder, weights), tensors, {"format": "adabin-hw-network", "network": name},
                      dtype)
    head = ",\n".join("  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in doc.items() if k != "layers")
    body = ",\n".join("    " + json.dumps(layer) for layer in out)
    tmp = json_path + ".tmp"
    with open(tmp, "w") as f:
        f.write("{\n%s,\n  \"layers\": [\n%s\n  ]\n}\n" % (head, body))
    os.replace(tmp, json_path)

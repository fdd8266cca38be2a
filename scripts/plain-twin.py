#!/usr/bin/env python3
"""The "plain BNN" twin of a network in adabin-hw's generic format: the same topology and weights with sign
binarizers (weights and activations) and without the Maxout layers, to measure what AdaBin's extra hardware costs.

    scripts/plain-twin.py NET.json OUT.json

Writes OUT.json and its weights file (OUT.safetensors) beside it. Only the standard library is used: a safetensors
file is an 8-byte little-endian header length, a JSON header of {name: {dtype, shape, data_offsets}}, then the data.
"""
import json
import os
import struct
import sys


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", None)
    tensors = {k: (v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]]) for k, v in header.items()}
    return tensors, meta


def write_safetensors(path, tensors, meta):
    header = {}
    offset = 0
    for k in sorted(tensors):
        dtype, shape, raw = tensors[k]
        header[k] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    if meta:
        header["__metadata__"] = meta
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for k in sorted(tensors):
            f.write(tensors[k][2])


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plain-twin.py NET.json OUT.json")
    src, dst = sys.argv[1], sys.argv[2]
    net = json.load(open(src))
    tensors, meta = read_safetensors(os.path.join(os.path.dirname(os.path.abspath(src)), net["weights"]))
    layers = []
    renamed = {}          # a removed Maxout -> the layer it read
    previous = None
    for layer in net["layers"]:
        name = layer["name"]
        inputs = layer.get("inputs")
        if inputs:
            layer["inputs"] = [renamed.get(i, i) for i in inputs]
        if layer["type"] == "maxout":
            renamed[name] = renamed.get(previous, previous) if not inputs else layer["inputs"][0]
            for k in list(tensors):
                if k.startswith(name + "."):
                    del tensors[k]
            continue
        if layer["type"] == "binary_conv2d":
            layer["weight_binarizer"] = "sign"
            layer["activation_binarizer"] = "sign"
            for k in list(tensors):
                if k.startswith(name + ".binary_a."):
                    del tensors[k]
        layers.append(layer)
        previous = name
    net["layers"] = layers
    net["name"] = net["name"] + "-plain"
    base = os.path.splitext(os.path.basename(dst))[0]
    net["weights"] = base + ".safetensors"
    json.dump(net, open(dst, "w"), indent=1)
    write_safetensors(os.path.join(os.path.dirname(os.path.abspath(dst)), net["weights"]), tensors, meta)
    print(f"wrote {dst}: {len(layers)} layers, {len(tensors)} tensors")


if __name__ == "__main__":
    main()

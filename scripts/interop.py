"""Helpers of scripts/pytorch-interop: the test set as a model sees it, PyTorch's logits, a comparison."""
import gzip
import os
import struct
import sys

import numpy as np
import torch

from tutorial_model import DATA

# Two float32 implementations of this CNN differ by the sum of their rounding errors: PyTorch's own
# float32 logits of a trained model stand about 7e-6 (relative to max(1, |logit|)) from its float64
# ones here, and mnist4j's cpu-ref about 1.2e-5. Both are held to 2e-5, from each other and from float64.
TOLERANCE = 2e-5


def test_images(mean, std):
    """The MNIST test images normalised as mnist4j does it, in float32: (x/255 - mean)/std."""
    data = gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")).read()
    (n,) = struct.unpack(">I", data[4:8])
    x = np.frombuffer(data[16:], dtype=np.uint8).reshape(n, 1, 28, 28).astype(np.float32)
    return torch.from_numpy((x / np.float32(255) - np.float32(mean)) / np.float32(std))


def pytorch_logits(model, mean, std):
    """PyTorch's logits of the test set, in float32 and (the exact reference) in float64."""
    model.eval()
    x = test_images(mean, std)
    with torch.no_grad():
        f32 = model(x).numpy()
        f64 = model.double()(x.double()).numpy()
    model.float()
    return f32, f64


def compare(what, f32, f64, other, other_name):
    """Fails unless mnist4j's logits are PyTorch's float32 ones, and as close to float64, within TOLERANCE."""
    if other.shape != f32.shape or other.shape[0] != 10000:
        sys.exit(f"FAIL: {what}: {other_name} wrote logits of shape {other.shape}, PyTorch {f32.shape}")
    rel = lambda a, b: float((np.abs(a - b) / np.maximum(1.0, np.abs(b))).max())
    to32, to64, torch_own = rel(other, f32), rel(other, f64), rel(f32, f64)
    same_digit = int((other.argmax(1) == f32.argmax(1)).sum())
    if to32 > TOLERANCE or to64 > TOLERANCE or same_digit != 10000:
        sys.exit(f"FAIL: {what}: {other_name}'s logits differ from PyTorch's float32 ones by up to {to32:.3g} and"
                 f" from float64 by {to64:.3g} (relative to max(1, |logit|), allowed {TOLERANCE:g}); same digit on"
                 f" {same_digit} of 10,000 images")
    print(f"ok: {what} -> {other_name}: 10,000 test images, the same digit on each; logits within {to32:.2g} of"
          f" PyTorch float32, {to64:.2g} of float64 (PyTorch float32 itself: {torch_own:.2g}; |logit| up to"
          f" {float(np.abs(f64).max()):.1f})")

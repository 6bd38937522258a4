#!/usr/bin/python3
"""The yardstick for `mnist4j bench`: the tutorial's model and recipe in real PyTorch, on the same
machine and MNIST files. Prints the same figures as `mnist4j bench`, last line one JSON object.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/pytorch_yardstick.py [--threads 2] [--data DIR]

DIR holds the four MNIST .gz files (default: mnist-data's embedded copy). Needs torch (Debian:
apt-get install python3-torch); nothing is downloaded.
"""
import argparse, gzip, json, os, resource, struct, time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class DigitDiscernModel(nn.Module):  # the tutorial's model, verbatim
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.pool2 = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(1600, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = torch.flatten(x, start_dim=1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def idx(path):
    data = gzip.open(path).read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 0x803:
        return np.frombuffer(data[16:], dtype=np.uint8).reshape(n, 1, 28, 28)
    return np.frombuffer(data[8:], dtype=np.uint8).astype(np.int64)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--data", default=os.path.join(here, "..", "mnist-data", "src", "main", "resources", "dev", "mnist4j", "data", "mnist"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    x = torch.from_numpy(((idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")) / 255.0 - 0.5) / 0.5).astype(np.float32))
    y = torch.from_numpy(idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz")))
    tx = torch.from_numpy(((idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")) / 255.0 - 0.5) / 0.5).astype(np.float32))
    model = DigitDiscernModel()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(len(x))
    model.train()
    start = time.perf_counter()
    for i in range(0, len(x), 64):  # one epoch, as the tutorial's DataLoader(batch_size=64, shuffle=True)
        idx_ = order[i:i + 64]
        loss = loss_fn(model(x[idx_]), y[idx_])
        opt.zero_grad()
        loss.backward()
        opt.step()
    epoch = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        model(tx[:1000])
        t0 = time.perf_counter()
        for i in range(0, 10000, 1000):
            model(tx[i:i + 1000])
        infer = 10000 / (time.perf_counter() - t0)
        lat = []
        for i in range(2200):
            s = time.perf_counter()
            model(tx[i % 10000:i % 10000 + 1])
            if i >= 200:
                lat.append(time.perf_counter() - s)
    lat.sort()
    result = {"backend": "pytorch-" + torch.__version__, "device": "cpu", "threads": a.threads,
              "train_samples_per_s": round(60000 / epoch, 1), "epoch_s": round(epoch, 2),
              "infer_images_per_s": round(infer, 1), "latency_p50_ms": round(lat[len(lat) // 2] * 1e3, 4),
              "latency_p99_ms": round(lat[int(len(lat) * 0.99)] * 1e3, 4),
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    print(f"training:  {result['train_samples_per_s']:,.0f} samples/s, {epoch:.2f} s per epoch")
    print(f"inference: {infer:,.0f} images/s in batches of 1,000")
    print(f"latency:   p50 {result['latency_p50_ms']:.3f} ms, p99 {result['latency_p99_ms']:.3f} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

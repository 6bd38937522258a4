#!/usr/bin/python3
"""The yardstick for `mnist4j bench`: the tutorial's model and recipe in real PyTorch, on the same
machine and MNIST files. Prints the same figures as `mnist4j bench`, last line one JSON object.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/pytorch_yardstick.py [--threads 2] [--data DIR]

DIR holds the four MNIST .gz files (default: mnist-data's embedded copy). Needs torch (Debian:
apt-get install python3-torch); nothing is downloaded.
"""
import argparse, json, os, resource, time

import torch
from torch import nn

from tutorial_model import DATA, DigitDiscernModel, idx


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--data", default=DATA)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    x = idx("train-images-idx3-ubyte.gz", a.data)
    y = idx("train-labels-idx1-ubyte.gz", a.data)
    tx = idx("t10k-images-idx3-ubyte.gz", a.data)
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

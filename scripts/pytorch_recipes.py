#!/usr/bin/python3
"""mnist4j's training recipes in real PyTorch, for a side-by-side table with `mnist4j train --recipe`:
the tutorial's model, MNIST files and normalisation, with the recipe's optimizer, OneCycleLR and
augmentation (torchvision's RandomAffine, written with affine_grid/grid_sample since Debian has no
torchvision: rotation, translation in pixels, scale and shear about the centre, bilinear, black outside).

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/pytorch_recipes.py --recipe fast [--threads 2]

Prints each epoch as mnist4j does (Epoch i/N ... UseTime, Test accuracy), last line one JSON object.
Needs torch (Debian: apt-get install python3-torch); nothing is downloaded.
"""
import argparse, json, math, os, time

import torch
import torch.nn.functional as F

from tutorial_model import DATA, DigitDiscernModel, idx

RECIPES = {
    "tutorial": dict(epochs=5, optimizer="sgd", lr=0.01, max_lr=None, augment=None),
    "fast": dict(epochs=2, optimizer="adam", lr=1e-3, max_lr=0.003, augment=None),
    "best": dict(epochs=30, optimizer="adamw", lr=1e-3, weight_decay=0.05, max_lr=0.005,
                 augment=dict(degrees=12, translate=2, scale=(0.9, 1.1), shear=10)),
}


def random_affine(x, aug, gen):
    """RandomAffine on a batch of [0,1] images (N×1×28×28), one draw per image."""
    n = x.shape[0]
    u = lambda lo, hi: lo + (hi - lo) * torch.rand(n, generator=gen)
    angle = torch.deg2rad(u(-aug["degrees"], aug["degrees"]))
    tx, ty = u(-aug["translate"], aug["translate"]), u(-aug["translate"], aug["translate"])
    scale = u(*aug["scale"])
    shear = torch.deg2rad(u(-aug["shear"], aug["shear"]))
    cos, sin, tan = torch.cos(angle), torch.sin(angle), torch.tan(shear)
    a, b = scale * cos, scale * (cos * tan - sin)
    c, d = scale * sin, scale * (sin * tan + cos)
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    # output p samples A^-1 (p - t); in grid units (28 px = 2), t becomes 2t/28
    txn, tyn = tx * 2 / 28, ty * 2 / 28
    theta = torch.stack([
        torch.stack([ia, ib, -(ia * txn + ib * tyn)], 1),
        torch.stack([ic, id_, -(ic * txn + id_ * tyn)], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recipe", choices=RECIPES, required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, help="stop after this many epochs of the planned run")
    p.add_argument("--data", default=DATA)
    a = p.parse_args()
    r = RECIPES[a.recipe]
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    gen = torch.Generator().manual_seed(42)
    x = idx("train-images-idx3-ubyte.gz", a.data)  # (x/255-0.5)/0.5
    y = idx("train-labels-idx1-ubyte.gz", a.data)
    tx = idx("t10k-images-idx3-ubyte.gz", a.data)
    ty = idx("t10k-labels-idx1-ubyte.gz", a.data)
    model = DigitDiscernModel()
    if r["optimizer"] == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=r["lr"])
    elif r["optimizer"] == "adamw":
        opt = torch.optim.AdamW(model.parameters(), lr=r["lr"], weight_decay=r["weight_decay"])
    else:
        opt = torch.optim.Adam(model.parameters(), lr=r["lr"])
    steps = math.ceil(len(y) / 64)
    sched = None
    if r["max_lr"]:
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=r["max_lr"], total_steps=steps * r["epochs"])
    run_epochs = a.epochs or r["epochs"]
    trained = 0.0
    acc = None
    for epoch in range(1, run_epochs + 1):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(y), generator=gen)
        loss_sum, correct = 0.0, 0
        for i in range(steps):
            b = order[i * 64:(i + 1) * 64]
            xb, yb = x[b], y[b]
            if r["augment"]:
                xb = (random_affine(xb * 0.5 + 0.5, r["augment"], gen) - 0.5) / 0.5
            opt.zero_grad()
            out = model(xb)
            loss = F.cross_entropy(out, yb)
            loss.backward()
            opt.step()
            if sched:
                sched.step()
            loss_sum += loss.item()
            correct += (out.argmax(1) == yb).sum().item()
        took = time.perf_counter() - start
        trained += took
        model.eval()
        with torch.no_grad():
            acc = 100.0 * (model(tx).argmax(1) == ty).float().mean().item()
        ms = int(took * 1000)
        print(f"Epoch {epoch}/{r['epochs']}, Loss: {loss_sum / steps:.4f}, Accuracy: {100.0 * correct / len(y):.3f}% "
              f"UseTime: {ms // 3600000}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000 // 10:02d}")
        print(f"Test accuracy: {acc:.3f}%", flush=True)
    print(json.dumps({"engine": f"PyTorch {torch.__version__}", "recipe": a.recipe, "epochs": run_epochs,
                      "threads": a.threads, "test_accuracy": round(acc, 3), "train_seconds": round(trained, 1)}))


if __name__ == "__main__":
    main()

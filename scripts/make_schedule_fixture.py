#!/usr/bin/python3
"""The learning rate (and momentum or Adam's beta1) that real PyTorch's schedulers give at every step,
for LrScheduleTest (run once, by hand; the tests never need Python):

    /usr/bin/python3 scripts/make_schedule_fixture.py   # Debian: apt-get install python3-torch

Writes mnist-api/src/test/resources/dev/mnist4j/train/pytorch-schedules.json: for each case, the
optimizer, the scheduler's arguments, whether it is stepped per batch or per epoch, and the values in
force for steps 0..N-1 (the value an optimizer step uses, before scheduler.step() moves on).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "mnist-api", "src", "test", "resources", "dev", "mnist4j", "train",
                   "pytorch-schedules.json")
S = torch.optim.lr_scheduler

CASES = [
    # name, optimizer, its arguments, scheduler, its arguments, steps
    ("step", "sgd", {"lr": 0.1}, "StepLR", {"step_size": 3, "gamma": 0.5}, 12),
    ("multistep", "sgd", {"lr": 0.1, "momentum": 0.9}, "MultiStepLR", {"milestones": [2, 5, 9], "gamma": 0.1}, 12),
    ("exponential", "adam", {"lr": 0.001}, "ExponentialLR", {"gamma": 0.9}, 12),
    ("cosine", "sgd", {"lr": 0.05}, "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}, 15),
    ("linear", "sgd", {"lr": 0.01}, "LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 5}, 10),
    ("onecycle-sgd", "sgd", {"lr": 0.01, "momentum": 0.9}, "OneCycleLR", {"max_lr": 0.1, "total_steps": 40}, 40),
    ("onecycle-adam", "adam", {"lr": 0.001}, "OneCycleLR", {"max_lr": 0.003, "total_steps": 57, "pct_start": 0.25}, 57),
]


def main():
    cases = []
    for name, opt_name, opt_args, sched_name, sched_args, steps in CASES:
        p = [torch.nn.Parameter(torch.zeros(1))]
        opt = torch.optim.SGD(p, **opt_args) if opt_name == "sgd" else torch.optim.Adam(p, **opt_args)
        sched = getattr(S, sched_name)(opt, **sched_args)
        lrs, momenta = [], []
        for _ in range(steps):
            group = opt.param_groups[0]
            lrs.append(group["lr"])
            momenta.append(group["betas"][0] if opt_name == "adam" else group["momentum"])
            opt.step()
            sched.step()
        cases.append({"name": name, "optimizer": opt_name, "optimizer_args": opt_args, "scheduler": sched_name,
                      "scheduler_args": sched_args, "per_batch": sched_name == "OneCycleLR", "lr": lrs,
                      "momentum": momenta})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"PyTorch {torch.__version__}", "cases": cases}, f, indent=1)
    print(f"wrote {OUT}: {len(cases)} schedules")


if __name__ == "__main__":
    main()

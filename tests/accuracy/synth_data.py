#!/usr/bin/python3
"""A synthetic dataset directory for the accuracy tests when no trained model
is at hand (docs/accuracy.md, "Dataset directory").

  synth_data.py --trex TREX --model DIR --chip FILE --out DIR [--count N] [--seed S]
                [--flip F]

Images: uniform random pixels within the model's input range (numpy's
default_rng(S)). Labels: the class `trex infer` predicts for each image on
--chip (a lossless tile makes them the integer model's own answers), then a
fraction F of them replaced by another class (default 0.1), so that the
ideal top-1 is about 1 - F and not 100% by construction. The result measures
the datapath's agreement with itself, not accuracy on real data: it exists
so that the flow and its tests run on a trex-modelgen model.
"""
import json
import os
import subprocess
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "vit"))
import safeout  # noqa: E402

import acc_args  # noqa: E402  (this directory, sys.path[0])


def main():
    ap = acc_args.parser(__doc__, "trex", "model", "chip", "out")
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flip", type=float, default=0.1)
    a = ap.parse_args()
    with open(os.path.join(a.model, "model.json")) as f:
        mj = json.load(f)
    im, classes = mj["image"], mj["model"]["classes"]
    rng = np.random.default_rng(a.seed)
    shape = (a.count, im["channels"], im["height"], im["width"])
    images = rng.integers(im["input_min"], im["input_max"] + 1, shape).astype(np.int8)
    flipped = []

    def fill(stage):
        # the dataset appears whole or not at all (staged beside OUT)
        ipath = os.path.join(stage, "images.npy")
        safeout.save_npy(ipath, images)
        res = subprocess.run([a.trex, "infer", "--model", a.model, "--input", ipath, "--chip", a.chip,
                              "--json"], check=True, capture_output=True, text=True)
        labels = np.array([r["class"] for r in json.loads(res.stdout)["results"]], dtype=np.int64)
        flip = rng.random(a.count) < a.flip
        labels[flip] = (labels[flip] + rng.integers(1, classes, int(flip.sum()))) % classes
        flipped.append(int(flip.sum()))
        safeout.save_npy(os.path.join(stage, "labels.npy"), labels)
        split = {"format": "trex-dataset", "version": 1, "part": "synthetic", "count": a.count,
                 "shape": list(shape[1:]), "dtype": "int8", "classes": classes,
                 "provenance": {"name": "synthetic (tests/accuracy/synth_data.py)",
                                "rule": f"uniform pixels, numpy default_rng({a.seed}); labels = trex infer's "
                                        f"class on {os.path.basename(a.chip)}, {a.flip:g} of them "
                                        "replaced by another class",
                                "model": mj["name"]}}
        safeout.write_json(os.path.join(stage, "split.json"), split)

    safeout.replace_dir(a.out, fill, owns=lambda n: n in ("images.npy", "labels.npy", "split.json"),
                        prog="synth_data.py")
    print(f"synth_data: {a.count} images, {flipped[0]} labels flipped -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(safeout.main_guard("synth_data.py", main))

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
import argparse
import json
import os
import subprocess
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trex", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--chip", required=True)
    ap.add_argument("--out", required=True)
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
    os.makedirs(a.out, exist_ok=True)
    ipath = os.path.join(a.out, "images.npy")
    np.save(ipath, images)
    res = subprocess.run([a.trex, "infer", "--model", a.model, "--input", ipath, "--chip", a.chip,
                          "--json"], check=True, capture_output=True, text=True)
    labels = np.array([r["class"] for r in json.loads(res.stdout)["results"]], dtype=np.int64)
    flip = rng.random(a.count) < a.flip
    labels[flip] = (labels[flip] + rng.integers(1, classes, int(flip.sum()))) % classes
    np.save(os.path.join(a.out, "labels.npy"), labels)
    split = {"format": "trex-dataset", "version": 1, "part": "synthetic", "count": a.count,
             "shape": list(shape[1:]), "dtype": "int8", "classes": classes,
             "provenance": {"name": "synthetic (tests/accuracy/synth_data.py)",
                            "rule": f"uniform pixels, numpy default_rng({a.seed}); labels = trex infer's "
                                    f"class on {os.path.basename(a.chip)}, {a.flip:g} of them "
                                    "replaced by another class",
                            "model": mj["name"]}}
    with open(os.path.join(a.out, "split.json"), "w") as f:
        json.dump(split, f, indent=1)
        f.write("\n")
    print(f"synth_data: {a.count} images, {int(flip.sum())} labels flipped -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

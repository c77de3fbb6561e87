#!/usr/bin/python3
"""strat_pick.py: the pruning and sharing configurations of the strategy
comparison (issue 18), chosen by the rules written in tests/strat/strategies.json
from exhaustive enumerations priced by `trex edap` (one process per configuration,
argument vectors, no shell).

  strat_pick.py [--trex build/bin/trex] [--check tests/strat/strategies.json]

For each reuse list of the comparison (4,5 / 3,4,5 / 2,3,4,5 / 1,2,3,4,5) the target
is its EDAP reduction on the digits ViT's shape, the study chip
(tests/accuracy/chip-lossless.json), tech/default.json, sequential dataflow.
- pruning: every [17, 17, a, b, c, d], 17 >= a >= b >= c >= d >= 1 (4,845
  schedules); among those within 2% of the target, the largest smallest token count,
  then the most tokens in all, then the nearest reduction;
- sharing: every assignment of encoders 1..5 to {own, attention, MLP, both} shared
  with the most recent encoder owning that group (1,024); the nearest reduction,
  then the smallest total distance to the owners, then the JSON text.
Prints the picks; with --check, exits 1 unless they equal the file's models.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile

BASE = dict(name="digits", tokens=17, embedding=64, heads=4, mlp=128, depth=6, tb_hidden=16,
            tb_layers=2)
CHIP = "tests/accuracy/chip-lossless.json"
LISTS = ["4,5", "3,4,5", "2,3,4,5", "1,2,3,4,5"]


def edap(trex, tmp, extra, reuse="none"):
    path = os.path.join(tmp, "m.json")
    with open(path, "w") as f:
        json.dump(dict(BASE, **extra), f)
    out = subprocess.run([trex, "edap", "--model", path, "--chip", CHIP, "--reuse", reuse, "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["edap"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trex", default="build/bin/trex")
    ap.add_argument("--check")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = edap(a.trex, tmp, {})
        targets = {l: base / edap(a.trex, tmp, {}, l) for l in LISTS}
        prune = []
        for t in itertools.combinations_with_replacement(range(17, 0, -1), 4):
            T = [17, 17] + list(t)  # non-increasing by construction
            prune.append((T, base / edap(a.trex, tmp, {"encoder_tokens": T})))
        share = []
        for st in itertools.product(range(4), repeat=5):
            sa, sm, oa, om = [], [], 0, 0
            for i, s in enumerate(st, start=1):
                if s & 1:
                    sa.append([i, oa])
                else:
                    oa = i
                if s & 2:
                    sm.append([i, om])
                else:
                    om = i
            ex = {}
            if sa:
                ex["share_attention"] = sa
            if sm:
                ex["share_mlp"] = sm
            share.append((ex, base / edap(a.trex, tmp, ex)))
    picks = []
    for l in LISTS:
        t = targets[l]
        near = [p for p in prune if abs(p[1] / t - 1) <= 0.02]
        near.sort(key=lambda p: (-min(p[0]), -sum(p[0]), abs(p[1] / t - 1)))
        picks.append({"kind": "prune", "match": l, "encoder_tokens": near[0][0]})
        best = min(abs(s[1] / t - 1) for s in share)
        cand = [s for s in share if abs(s[1] / t - 1) <= best + 1e-9]

        def dist(ex):
            return sum(i - j for k in ("share_attention", "share_mlp") for i, j in ex.get(k, []))
        cand.sort(key=lambda s: (dist(s[0]), json.dumps(s[0], sort_keys=True)))
        picks.append(dict({"kind": "share", "match": l}, **cand[0][0]))
        print("%-10s target %.4fx: prune %s (%.4fx), share %s (%.4fx)" % (
            l, t, near[0][0], near[0][1], json.dumps(cand[0][0]), cand[0][1]))
    if a.check:
        with open(a.check) as f:
            models = json.load(f)["models"]
        keys = ("kind", "match", "encoder_tokens", "share_attention", "share_mlp")
        have = sorted(json.dumps({k: m[k] for k in keys if k in m}, sort_keys=True)
                      for m in models if m["kind"] in ("prune", "share"))
        want = sorted(json.dumps(p, sort_keys=True) for p in picks)
        if have != want:
            print("strat_pick: %s differs from the picks" % a.check)
            return 1
        print("strat_pick: %s holds the picks" % a.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Independent checks of a `trex accuracy-study` output directory
(docs/accuracy.md, "Verification").

  check_summary.py --trex TREX --dir OUT --data DATA --model MODEL
                   [--recorded FILE] [--write-recorded FILE] [--record FILE]
                   [--intref N] [--band POINTS]

Always:
- every list's correct count recomputed from its logits-NNN.npy and the
  labels (argmax, ties to the lower index);
- the Wilson interval of every ideal run and Newcombe's paired interval of
  every drop recomputed here from their formulas (this file's own code);
- with SciPy, the Student t interval of every non-ideal mean and drop;
- impact.csv equal to the single-encoder drops;
- `trex edap --chip CHIP --reuse LIST` (the command) gives every list's EDAP;
- `trex search --impact impact.csv` (the command) picks, under every budget,
  the list the study reports, with the same estimated drop.
With --recorded: the SHA-256 of every list's logits and the non-ideal counts
equal the recorded ones (a change in any layer of the datapath fails this).
With --record (the trainer's record.json): the integer top-1 of every list the
trainer recorded equals ours, its logits hashes equal ours where it has them,
and the ideal top-1 of the baseline is within --band points of its float
top-1. With --intref N: scripts/vit/intref.py gives the same logits as ours
on the first N images of two lists.
Exit 1 with one line per failure.
"""
import glob
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "vit"))
import safeout  # noqa: E402

import acc_args  # noqa: E402  (this directory, sys.path[0])

Z = 1.959963984540054
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL " + msg)


def near(a, b, tol=1e-6):
    return abs(a - b) <= tol


def wilson(k, n):
    p = k / n
    den = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / den
    h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / den
    lo, hi = c - h, c + h
    if k == 0 or lo < 0:
        lo = 0.0
    if k == n or hi > 1:
        hi = 1.0
    return lo, hi


def newcombe_drop(base, other):
    """Drop = base - other (points) and its interval, Newcombe method 10
    (written here from Newcombe 1998 / Fagerland et al., not from the C)."""
    a = int(np.sum(base & other))
    b = int(np.sum(base & ~other))
    c = int(np.sum(~base & other))
    d = int(np.sum(~base & ~other))
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson(a + b, n)
    l2, u2 = wilson(a + c, n)
    psi = 0.0
    if (a + b) and (c + d) and (a + c) and (b + d):
        A = a * d - b * c
        prod = (a + b) * (c + d) * (a + c) * (b + d)
        if A > n / 2:
            psi = (A - n / 2) / math.sqrt(prod)
        elif A < 0:
            psi = A / math.sqrt(prod)
    th = p1 - p2  # base - other = the drop
    lo = th - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * psi * (p1 - l1) * (u2 - p2))
    hi = th + math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * psi * (p2 - l2) * (u1 - p1))
    return 100 * th, 100 * lo, 100 * hi


def t_interval(v, lo_clip, hi_clip):
    from scipy import stats
    v = np.asarray(v, dtype=float)
    m = float(v.mean())
    if len(v) < 2:
        return m, m, m
    sd = float(v.std(ddof=1))
    h = stats.t.ppf(0.975, len(v) - 1) * sd / math.sqrt(len(v))
    return m, max(lo_clip, m - h), min(hi_clip, m + h)


def sha(a):
    return hashlib.sha256(np.ascontiguousarray(a.astype("<i4")).tobytes()).hexdigest()


def model_sha(d):
    h = hashlib.sha256()
    for f in sorted(glob.glob(os.path.join(d, "*.npy")) + [os.path.join(d, "model.json")]):
        h.update(os.path.basename(f).encode())
        with open(f, "rb") as fp:
            h.update(fp.read())
    return h.hexdigest()


def vit_json(model_dir, path):
    with open(os.path.join(model_dir, "model.json")) as f:
        m = json.load(f)
    keys = ("tokens", "embedding", "heads", "mlp", "depth", "tb_hidden", "tb_layers", "patch_dim",
            "classes")  # the model-level ops are priced too (the controller issues them)
    v = {"name": m["name"]}
    v.update({k: m["model"][k] for k in keys})
    with open(path, "w") as f:
        json.dump(v, f)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        fail(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()}")
        return None
    return r.stdout


def main():
    ap = acc_args.parser(__doc__, "trex", "dir", "data", "model")
    ap.add_argument("--recorded")
    ap.add_argument("--write-recorded")
    ap.add_argument("--record")
    ap.add_argument("--intref", type=int, default=0)
    ap.add_argument("--band", type=float, default=1.0)
    a = ap.parse_args()
    with open(os.path.join(a.dir, "summary.json")) as f:
        S = json.load(f)
    labels = np.load(os.path.join(a.data, "labels.npy"))
    n, nni = S["images"], S["nonideal_images"]
    labels = labels[:n]
    lists = S["lists"]
    right = {}
    checks = 0
    # 1. counts from the logits; Wilson; Newcombe
    for e in lists:
        lg = np.load(os.path.join(a.dir, e["ideal"]["logits"]))
        r = lg.argmax(1) == labels
        right[e["resolved"]] = r
        if int(r.sum()) != e["ideal"]["correct"]:
            fail(f"[{e['reuse']}]: {int(r.sum())} right from the logits, summary says {e['ideal']['correct']}")
        lo, hi = wilson(int(r.sum()), n)
        if not (near(100 * lo, e["ideal"]["ci95"][0]) and near(100 * hi, e["ideal"]["ci95"][1])):
            fail(f"[{e['reuse']}]: Wilson interval {e['ideal']['ci95']} != {100 * lo:.6f}, {100 * hi:.6f}")
        checks += 2
    base = lists[0]
    rb = right[base["resolved"]]
    for e in lists:
        d, lo, hi = newcombe_drop(rb, right[e["resolved"]])
        got = e["ideal"]
        if not (near(d, got["drop"]) and near(lo, got["drop_ci95"][0]) and near(hi, got["drop_ci95"][1])):
            fail(f"[{e['reuse']}]: drop {got['drop']} {got['drop_ci95']} != {d:.6f} [{lo:.6f}, {hi:.6f}]")
        checks += 1
    # 2. non-ideal t intervals (SciPy when present)
    try:
        import scipy  # noqa: F401
        have_scipy = True
    except ImportError:
        have_scipy = False
        print("check_summary: SciPy not installed: the t intervals are not recomputed")
    if have_scipy:
        bni = base.get("nonideal", {})
        for e in lists:
            for name, q in e.get("nonideal", {}).items():
                top = [100.0 * c / nni for c in q["correct"]]
                m, lo, hi = t_interval(top, 0, 100)
                if not (near(m, q["top1"]) and near(lo, q["ci95"][0]) and near(hi, q["ci95"][1])):
                    fail(f"[{e['reuse']}] {name}: top-1 {q['top1']} {q['ci95']} != {m} [{lo}, {hi}]")
                dv = [100.0 * (cb - c) / nni for cb, c in zip(bni[name]["correct"], q["correct"])]
                m, lo, hi = t_interval(dv, -100, 100)
                if not (near(m, q["drop"]) and near(lo, q["drop_ci95"][0]) and near(hi, q["drop_ci95"][1])):
                    fail(f"[{e['reuse']}] {name}: drop {q['drop']} {q['drop_ci95']} != {m} [{lo}, {hi}]")
                checks += 2
    # 3. impact.csv = the single-encoder drops
    imp_path = os.path.join(a.dir, "impact.csv")
    if "impact" in S:
        got = {}
        with open(imp_path) as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#") or line.startswith("encoder"):
                    continue
                i, v = line.split(",")
                got[int(i)] = float(v)
        depth = max(got) + 1
        for i in range(1, depth):
            single = [e for e in lists if e["resolved"] == f"{i}:{i - 1}"]
            if not single or not near(got[i], single[0]["ideal"]["drop"], 1e-5):
                fail(f"impact.csv: encoder {i}: {got.get(i)} is not the drop of the list {{{i}}}")
            checks += 1
    # 4. trex edap and trex search, the commands, on the same chip
    chip = S["chip"]["file"]
    with tempfile.TemporaryDirectory() as tmp:
        vj = os.path.join(tmp, "vit.json")
        vit_json(a.model, vj)
        chip_args = [] if chip == "default chip" else ["--chip", chip]
        chip_args += ["--dataflow", S["chip"].get("dataflow", "sequential")]
        for e in lists:
            out = run([a.trex, "edap", "--model", vj, *chip_args, "--reuse", e["reuse"], "--json"])
            if out is None:
                continue
            ed = json.loads(out)["edap"]
            if not near(ed, e["edap"]["edap"], 1e-9 * abs(ed)):
                fail(f"[{e['reuse']}]: trex edap gives EDAP {ed}, the study {e['edap']['edap']}")
            checks += 1
        for c in S.get("search", []):
            if not c["feasible"]:
                continue
            out = run([a.trex, "search", "--model", vj, *chip_args, "--delay-budget", c["budget"],
                       "--impact", imp_path, "--csv"])
            if out is None:
                continue
            row = out.strip().splitlines()[-1]
            import csv
            hdr = out.strip().splitlines()[0].split(",")
            vals = next(csv.reader([row]))
            got = dict(zip(hdr, vals))
            if got["reuse"] != c["resolved"] or not near(float(got["impact"]), c["estimated_drop"], 1e-6):
                fail(f"trex search --delay-budget {c['budget']}: [{got['reuse']}] estimate {got['impact']}, "
                     f"the study [{c['resolved']}] {c['estimated_drop']}")
            checks += 1
    # 5. recorded hashes and counts
    mine = {"format": "trex-accuracy-recorded", "version": 1, "plan": S["plan"], "model": S["model"],
            "model_sha256": model_sha(a.model), "images": n, "nonideal_images": nni, "lists": {}}
    for e in lists:
        lg = np.load(os.path.join(a.dir, e["ideal"]["logits"]))
        mine["lists"][e["resolved"]] = {"reuse": e["reuse"], "logits_sha256": sha(lg),
                                        "correct": e["ideal"]["correct"],
                                        "nonideal": {k: q["correct"] for k, q in e.get("nonideal", {}).items()}}
    if a.recorded:
        with open(a.recorded) as f:
            R = json.load(f)
        if R["model_sha256"] != mine["model_sha256"]:
            fail(f"the model directory {a.model} is not the one {a.recorded} was recorded from "
                 "(re-record with make accuracy-record once the new model is checked)")
        if R["images"] != n or R["nonideal_images"] != nni:
            fail(f"{a.recorded}: recorded on {R['images']}/{R['nonideal_images']} images, this run {n}/{nni}")
        for key, rv in R["lists"].items():
            mv = mine["lists"].get(key)
            if mv is None:
                fail(f"{a.recorded}: list [{key}] was recorded but not run")
                continue
            if mv["logits_sha256"] != rv["logits_sha256"]:
                fail(f"[{rv['reuse']}]: logits SHA-256 {mv['logits_sha256'][:16]}.. differs from the "
                     f"recorded {rv['logits_sha256'][:16]}.. (the datapath changed)")
            if mv["nonideal"] != rv["nonideal"]:
                fail(f"[{rv['reuse']}]: non-ideal counts {mv['nonideal']} differ from the recorded {rv['nonideal']}")
            checks += 2
    if a.write_recorded:
        safeout.write_json(a.write_recorded, mine)
        print(f"check_summary: recorded {len(mine['lists'])} lists -> {a.write_recorded}")
    # 6. the trainer's record: its own integer implementation and its float top-1
    if a.record:
        with open(a.record) as f:
            T = json.load(f)["models"][S["model"]]
        for e in lists:
            key = e["reuse"] if e["reuse"] else "none"
            if key in T.get("int_top1", {}):
                if not near(T["int_top1"][key], e["ideal"]["top1"], 1e-9):
                    fail(f"[{key}]: integer top-1 {e['ideal']['top1']:.4f}, the trainer's intemu "
                         f"{T['int_top1'][key]:.4f}")
                checks += 1
            if key in T.get("int_logits_sha256", {}) and n == T.get("test_images", n):
                lg = np.load(os.path.join(a.dir, e["ideal"]["logits"]))
                if sha(lg) != T["int_logits_sha256"][key]:
                    fail(f"[{key}]: logits SHA-256 differs from the trainer's record")
                checks += 1
        ft = T["float_top1"]["none"]
        if abs(base["ideal"]["top1"] - ft) > a.band:
            fail(f"ideal top-1 {base['ideal']['top1']:.2f} is not within {a.band} point(s) of the "
                 f"float top-1 {ft:.2f}")
        checks += 1
    # 7. intref.py (NumPy, written from the contract) on the first images
    if a.intref:
        chip_i = S["ideal_chip"]["file"]
        with tempfile.TemporaryDirectory() as tmp:
            imgs = np.load(os.path.join(a.data, "images.npy"))[:a.intref]
            ip = os.path.join(tmp, "in.npy")
            np.save(ip, imgs)
            for e in [lists[0]] + [x for x in lists if x["n_reused"] >= 2][:1]:
                out = run([sys.executable, "scripts/vit/intref.py", "infer", "--model", a.model,
                           "--input", ip, "--chip", chip_i, "--reuse", e["reuse"], "--json"])
                if out is None:
                    continue
                ref = np.array([r["logits"] for r in json.loads(out)["results"]])
                lg = np.load(os.path.join(a.dir, e["ideal"]["logits"]))[:a.intref]
                if not np.array_equal(ref, lg):
                    fail(f"[{e['reuse']}]: intref.py logits differ from trex's on the first {a.intref} images")
                checks += 1
    print(f"check_summary: {a.dir}: {checks} checks, {len(fails)} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

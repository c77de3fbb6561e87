#!/usr/bin/python3
"""Trains the tiny ViT on scikit-learn's digits, its transformation blocks for
attention reuse, and evaluates float top-1 per reuse list (docs/accuracy.md).

Subcommands (each writes its outputs atomically and prints where):
  all       --out DIR [--seed S] [--dedicated L1/L2/..] [--install]
                                       the `make train` flow: split (checked against the
                                       committed one), base, distil, option (a), option (b)
                                       per list, float tables, export, integer tables,
                                       DIR/record.json, check against models/vit-digits/record.json
  noise     --out DIR [--seeds '1 2 3'] seed-to-seed spread (DIR/noise.json)
  tables    --record FILE [--noise FILE] Markdown tables of a record (docs/accuracy.md)
  split     --out DIR                  test split -> DIR/data, training split -> DIR/data-train
  base      --out CKPT [--seed S]      the baseline ViT (no reuse), 100 epochs
  distil    --base CKPT --out CKPT     TBs for all 15 pairs by distillation (backbone frozen)
  shared    --init CKPT --out CKPT     option (a): backbone + every TB fine-tuned with random
                                       reuse lists every step (one model for any list)
  dedicated --init CKPT --reuse L --out CKPT
                                       option (b): CKPT (the flow uses option (a)'s) fine-tuned
                                       for one reuse list
  eval      --ckpt CKPT [--lists SET] [--json FILE]
                                       float top-1 on the test split per reuse list
  hash      --ckpt CKPT                SHA-256 of the weights (reproducibility check)

Run with /usr/bin/python3 (Debian's torch, numpy, scikit-learn). Threads are fixed
(torch 1 thread, OpenBLAS 1 thread) so that a rerun gives bit-identical weights.
"""
import argparse
import copy
import hashlib
import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vit_digits as vd  # noqa: E402  (sets the thread environment first)
import safeout  # noqa: E402
import numpy as np  # noqa: E402

# Recipes (docs/accuracy.md). Changing one changes the committed model's figures.
BASE = dict(epochs=100, warmup=5, lr=1e-3, wd=0.05, batch=64)
DISTIL = dict(epochs=30, warmup=1, lr=1e-3, wd=0.0, batch=64)
SHARED = dict(epochs=60, warmup=2, lr=5e-4, wd=0.05, batch=64, random_lists=2, p_auto=0.5,
              kd=1.0, tb_mse=1.0)
DEDICATED = dict(epochs=30, warmup=1, lr=5e-4, wd=0.05, batch=64, tb_mse=1.0)

STANDARD_LISTS = ["none", "1", "2", "3", "4", "5", "3,5", "1,3,5", "2,3,4,5", "1,2,3,4,5",
                  "2,4", "1,2", "4,5", "2,4,5", "1,2,3", "1,3,4,5", "5:0", "3:0,5:0", "4:1,5:2"]


def load_split(args):
    """Training and test arrays: from the committed dataset directories when
    --data DIR is given, else regenerated from scikit-learn (identical split)."""
    if args.data:
        tr_img, tr_lab = vd.load_dataset(os.path.join(args.data, "data-train"))
        te_img, te_lab = vd.load_dataset(os.path.join(args.data, "data"))
    else:
        s = vd.make_split()
        tr_img, tr_lab = s["images"][s["train_idx"]], s["labels"][s["train_idx"]]
        te_img, te_lab = s["images"][s["test_idx"]], s["labels"][s["test_idx"]]
    return tr_img, tr_lab, te_img, te_lab


def to_float(torch, images):
    return torch.from_numpy(images.astype(np.float32) * np.float32(vd.INPUT_SCALE))


def shift_augment(torch, x, gen):
    """Random 1-pixel shift in each direction (zero fill), one draw per image."""
    n = x.shape[0]
    pad = torch.nn.functional.pad(x, (1, 1, 1, 1))
    oy = torch.randint(0, 3, (n,), generator=gen)
    ox = torch.randint(0, 3, (n,), generator=gen)
    out = torch.empty_like(x)
    for dy in range(3):
        for dx in range(3):
            m = (oy == dy) & (ox == dx)
            if m.any():
                out[m] = pad[m][:, :, dy:dy + 8, dx:dx + 8]
    return out


def lr_at(step, steps_per_epoch, rc):
    """Linear warm-up over rc['warmup'] epochs, then cosine to 0."""
    total = rc["epochs"] * steps_per_epoch
    warm = rc["warmup"] * steps_per_epoch
    if step < warm:
        return rc["lr"] * (step + 1) / warm
    t = (step - warm) / max(1, total - warm)
    return rc["lr"] * 0.5 * (1 + math.cos(math.pi * t))


def run_epochs(torch, model, params, rc, xtr, ytr, seed, step_fn, label):
    """The common loop: shuffled batches, shift augmentation, AdamW, schedule."""
    opt = torch.optim.AdamW(params, lr=rc["lr"], weight_decay=rc["wd"])
    gen = torch.Generator().manual_seed(seed)
    n = xtr.shape[0]
    spe = math.ceil(n / rc["batch"])
    step = 0
    t0, c0 = time.time(), time.process_time()
    for ep in range(rc["epochs"]):
        model.train()
        perm = torch.randperm(n, generator=gen)
        tot = 0.0
        for b in range(spe):
            idx = perm[b * rc["batch"]:(b + 1) * rc["batch"]]
            xb = shift_augment(torch, xtr[idx], gen)
            yb = ytr[idx]
            for g in opt.param_groups:
                g["lr"] = lr_at(step, spe, rc)
            loss = step_fn(xb, yb, gen)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += float(loss)
            step += 1
        if (ep + 1) % 10 == 0 or ep == rc["epochs"] - 1:
            vd.eprint(f"{label}: epoch {ep + 1}/{rc['epochs']} loss {tot / spe:.4f} "
                      f"({time.time() - t0:.0f} s)")
    model.eval()
    return time.time() - t0, time.process_time() - c0


def accuracy(torch, model, x, y, rmap):
    with torch.no_grad():
        logits = model(x, reuse=rmap)
    return 100.0 * int((logits.argmax(1) == y).sum()) / int(y.shape[0])


def weights_hash(model):
    h = hashlib.sha256()
    for k, v in sorted(model.state_dict().items()):
        h.update(k.encode())
        h.update(v.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()


def sample_reuse(torch, depth, gen, p_auto):
    """A random reuse map: k ~ U{1..depth-1} encoders from 1..depth-1; each takes the
    automatic source with probability p_auto, else a uniform earlier computing encoder."""
    k = int(torch.randint(1, depth, (1,), generator=gen))
    chosen = sorted((torch.randperm(depth - 1, generator=gen)[:k] + 1).tolist())
    rmap = {}
    last = None
    for i in range(depth):
        if i in chosen:
            computing = [j for j in range(i) if j not in rmap]
            if float(torch.rand(1, generator=gen)) < p_auto:
                rmap[i] = last
            else:
                rmap[i] = computing[int(torch.randint(0, len(computing), (1,), generator=gen))]
        else:
            last = i
    return rmap


# ---------------------------------------------------------------- stages
# Each stage seeds torch itself (setup_determinism) after loading its input, so that a
# stage gives the same weights in-process (the `all` flow) as in its own process.

class Data:
    def __init__(self, torch, data_dir):
        tr_img, tr_lab, te_img, te_lab = load_split(argparse.Namespace(data=data_dir))
        self.xtr, self.ytr = to_float(torch, tr_img), torch.from_numpy(tr_lab)
        self.xte, self.yte = to_float(torch, te_img), torch.from_numpy(te_lab)
        self.tr_img = tr_img


def new_model(pairs):
    ViT = vd.build_model_classes()
    return ViT(pairs=pairs)


def stage_base(seed, data_dir, epochs=0):
    torch = vd.setup_determinism(seed)
    D = Data(torch, data_dir)
    torch.manual_seed(seed)
    model = new_model([])
    rc = dict(BASE, epochs=epochs or BASE["epochs"])
    ce = torch.nn.functional.cross_entropy

    def step(xb, yb, gen):
        return ce(model(xb), yb)

    secs, cpu = run_epochs(torch, model, model.parameters(), rc, D.xtr, D.ytr, seed, step, "base")
    acc = accuracy(torch, model, D.xte, D.yte, {})
    meta = {"stage": "base", "seed": seed, "recipe": rc, "seconds": round(secs, 1),
            "cpu_seconds": round(cpu, 1), "test_top1": acc, "threads": 1, "weights_sha256": weights_hash(model)}
    return model, meta


def grow_tbs(model, pairs):
    """A copy of model with TBs for `pairs` only (backbone and existing TBs kept)."""
    new = new_model(sorted(pairs))
    sd = {k: v for k, v in model.state_dict().items()
          if not k.startswith("tbs.") or tuple(int(t) for t in k.split(".")[1].split("_")) in pairs}
    missing, unexpected = new.load_state_dict(sd, strict=False)
    assert not unexpected and all(m.startswith("tbs.") for m in missing), (missing, unexpected)
    return new


def stage_distil(base, meta0, seed, data_dir, epochs=0):
    torch = vd.setup_determinism(seed)
    D = Data(torch, data_dir)
    depth = base.cfg["depth"]
    pairs = vd.all_pairs(depth)
    torch.manual_seed(seed)
    model = grow_tbs(base, pairs)
    for p in model.parameters():
        p.requires_grad_(False)
    tb_params = []
    for m in model.tbs.values():
        for p in m.parameters():
            p.requires_grad_(True)
            tb_params.append(p)
    mse = torch.nn.functional.mse_loss
    rc = dict(DISTIL, epochs=epochs or DISTIL["epochs"])

    def step(xb, yb, gen):
        want = {}
        with torch.no_grad():
            model(xb, want=want)
        attn = want["attn"]
        return sum(mse(model.tbs[f"{i}_{j}"](attn[j]), attn[i]) for i, j in pairs)

    secs, cpu = run_epochs(torch, model, tb_params, rc, D.xtr, D.ytr, seed, step, "distil")
    for p in model.parameters():
        p.requires_grad_(True)
    meta = {"stage": "distil", "from": meta0, "seed": seed, "recipe": rc, "seconds": round(secs, 1),
            "cpu_seconds": round(cpu, 1),
            "weights_sha256": weights_hash(model)}
    return model, meta


def reuse_losses(torch, model, xb, yb, rmap, teacher_logits, rc):
    """CE (+ KD to teacher_logits) (+ MSE of each TB to the attention it replaces)."""
    F = torch.nn.functional
    want = {"targets": rc.get("tb_mse", 0) > 0}
    logits = model(xb, reuse=rmap, want=want)
    loss = F.cross_entropy(logits, yb)
    if teacher_logits is not None and rc.get("kd", 0) > 0:
        loss = loss + rc["kd"] * F.kl_div(F.log_softmax(logits, 1), F.softmax(teacher_logits, 1),
                                          reduction="batchmean")
    if want["targets"]:
        loss = loss + rc["tb_mse"] * sum(F.mse_loss(want["tb"][i], want["attn_replaced"][i].detach())
                                         for i in rmap)
    return loss


def stage_shared(init, meta0, seed, data_dir, epochs=0):
    """Option (a): backbone and every TB fine-tuned together; each step sums the loss
    of the baseline, of the longest reuse list (every encoder 1..depth-1 reusing its
    automatic source) and of `random_lists` random reuse lists (sample_reuse), with
    KD to the baseline's logits and each TB's MSE to the attention it replaces."""
    model = copy.deepcopy(init)  # init stays as it was (the flow reuses it)
    torch = vd.setup_determinism(seed)
    D = Data(torch, data_dir)
    depth = model.cfg["depth"]
    rc = dict(SHARED, epochs=epochs or SHARED["epochs"])
    full = vd.resolve_reuse([(i, None) for i in range(1, depth)], depth)
    F = torch.nn.functional

    def step(xb, yb, gen):
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        teacher = logits.detach()
        loss = loss + reuse_losses(torch, model, xb, yb, full, teacher, rc)
        for _ in range(rc["random_lists"]):
            rmap = sample_reuse(torch, depth, gen, rc["p_auto"])
            loss = loss + reuse_losses(torch, model, xb, yb, rmap, teacher, rc)
        return loss

    secs, cpu = run_epochs(torch, model, model.parameters(), rc, D.xtr, D.ytr, seed, step, "shared")
    acc = accuracy(torch, model, D.xte, D.yte, {})
    meta = {"stage": "shared", "from": meta0, "seed": seed, "recipe": rc, "seconds": round(secs, 1),
            "cpu_seconds": round(cpu, 1),
            "test_top1": acc, "weights_sha256": weights_hash(model)}
    return model, meta


def stage_dedicated(init, meta0, reuse, seed, data_dir, epochs=0):
    """Option (b): `init` (the flow passes the option (a) model) fine-tuned for one reuse
    list, keeping only that list's TBs; loss CE + each TB's MSE to the attention it replaces."""
    torch = vd.setup_determinism(seed)
    D = Data(torch, data_dir)
    depth = init.cfg["depth"]
    rmap = vd.resolve_reuse(vd.parse_reuse(reuse, depth), depth)
    model = grow_tbs(init, set(rmap.items()))
    rc = dict(DEDICATED, epochs=epochs or DEDICATED["epochs"])

    def step(xb, yb, gen):
        return reuse_losses(torch, model, xb, yb, rmap, None, rc)

    text = vd.reuse_text(rmap)
    secs, cpu = run_epochs(torch, model, model.parameters(), rc, D.xtr, D.ytr, seed, step, f"dedicated {text}")
    acc = accuracy(torch, model, D.xte, D.yte, rmap)
    meta = {"stage": "dedicated", "reuse": text, "from": meta0, "seed": seed, "recipe": rc,
            "seconds": round(secs, 1), "cpu_seconds": round(cpu, 1), "test_top1": acc,
            "weights_sha256": weights_hash(model)}
    return model, meta


def list_set(name, depth, pairs):
    """Named sets of reuse lists for eval."""
    if name == "standard":
        return STANDARD_LISTS
    if name == "auto":  # every subset of 1..depth-1 with automatic sources
        out = []
        for mask in range(1 << (depth - 1)):
            enc = [i + 1 for i in range(depth - 1) if mask >> i & 1]
            out.append(",".join(map(str, enc)) if enc else "none")
        return out
    if name == "pairs":  # every allowed pair alone
        return [f"{i}:{j}" for i, j in pairs]
    return [t for t in name.split(";") if t]


def resolve_lists(spec, model):
    """'+'-joined list sets -> [(text, rmap)] of the lists the model supports."""
    depth = model.cfg["depth"]
    pairs = set(model.pairs)
    out, seen = [], set()
    for part in spec.split("+"):
        for name in list_set(part, depth, sorted(pairs)):
            rmap = vd.resolve_reuse(vd.parse_reuse(name, depth), depth)
            text = vd.reuse_text(rmap)
            if text not in seen and set(rmap.items()) <= pairs:
                seen.add(text)
                out.append((text, rmap))
    return out


def float_table(model, data_dir, spec):
    torch = vd.setup_determinism(0)
    D = Data(torch, data_dir)
    return {text: accuracy(torch, model, D.xte, D.yte, rmap) for text, rmap in resolve_lists(spec, model)}


# ---------------------------------------------------------------- subcommands

def save(path, model, meta):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    vd.save_checkpoint(path, model, meta)


def cmd_split(args):
    s = vd.make_split()
    vd.write_dataset(os.path.join(args.out, "data"), s, "test")
    vd.write_dataset(os.path.join(args.out, "data-train"), s, "train")
    print(f"split: {os.path.join(args.out, 'data')} ({len(s['test_idx'])} test images), "
          f"{os.path.join(args.out, 'data-train')} ({len(s['train_idx'])} training images)")


def cmd_base(args):
    model, meta = stage_base(args.seed, args.data, args.epochs)
    save(args.out, model, meta)
    print(f"base: seed {args.seed}: float top-1 {meta['test_top1']:.2f}% in {meta['seconds']:.0f} s "
          f"-> {args.out} (weights {meta['weights_sha256'][:16]})")


def cmd_distil(args):
    base, meta0 = vd.load_checkpoint(args.base)
    model, meta = stage_distil(base, meta0, args.seed, args.data, args.epochs)
    save(args.out, model, meta)
    print(f"distil: {len(model.pairs)} TBs in {meta['seconds']:.0f} s -> {args.out}")


def cmd_shared(args):
    init, meta0 = vd.load_checkpoint(args.init)
    model, meta = stage_shared(init, meta0, args.seed, args.data, args.epochs)
    save(args.out, model, meta)
    print(f"shared: baseline float top-1 {meta['test_top1']:.2f}% in {meta['seconds']:.0f} s -> {args.out}")


def cmd_dedicated(args):
    init, meta0 = vd.load_checkpoint(args.init)
    model, meta = stage_dedicated(init, meta0, args.reuse, args.seed, args.data, args.epochs)
    save(args.out, model, meta)
    print(f"dedicated {meta['reuse']}: float top-1 {meta['test_top1']:.2f}% in {meta['seconds']:.0f} s "
          f"-> {args.out}")


def cmd_eval(args):
    model, meta = vd.load_checkpoint(args.ckpt)
    res = float_table(model, args.data, args.lists)
    for k, v in res.items():
        print(f"{k:>16}  {v:6.2f}")
    if args.json:
        out = {"ckpt": args.ckpt, "weights_sha256": weights_hash(model), "meta": meta, "top1": res}
        write_json(args.json, out)
        print(f"eval: {args.json}")


def write_json(path, obj):
    safeout.write_json(path, obj)


def cmd_hash(args):
    model, _ = vd.load_checkpoint(args.ckpt)
    print(weights_hash(model))


# ---------------------------------------------------------------- the make train flow

COMMITTED_LISTS = "standard+auto+pairs"   # lists whose float and integer top-1 are recorded
INT_HASH_LISTS = ["none", "1,3,5", "5:0"]  # lists whose integer logits are hashed


def int_tables(model_dir, data_dir, lists):
    """Integer top-1 (intemu, lossless tile) per list, and logits SHA-256 of INT_HASH_LISTS."""
    import intemu
    m = intemu.Model(model_dir)
    images, labels = vd.load_dataset(data_dir)
    top1, hashes = {}, {}
    for text, rmap in lists:
        lg = m.forward(images, rmap)
        top1[text] = 100.0 * int((lg.argmax(1) == labels).sum()) / len(labels)
        if text in INT_HASH_LISTS:
            hashes[text] = hashlib.sha256(np.ascontiguousarray(lg.astype("<i4")).tobytes()).hexdigest()
    return top1, hashes


def versions():
    import sklearn
    import torch
    return {"python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__,
            "sklearn": sklearn.__version__}


def same_files(a, b, names):
    for n in names:
        try:
            with open(os.path.join(a, n), "rb") as f1, open(os.path.join(b, n), "rb") as f2:
                if f1.read() != f2.read():
                    return n
        except OSError:
            return n
    return None


def cmd_all(args):
    """Split, baseline, distillation, option (a), dedicated lists, float tables, export,
    integer tables, record; check against the committed record; install on request."""
    import export_int
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    committed = os.path.join(args.models, "vit-digits")
    t_all = time.time()
    # 1. the split, regenerated; must equal the committed one byte for byte
    split_dir = os.path.join(out, "split")
    s = vd.make_split()
    vd.write_dataset(os.path.join(split_dir, "data"), s, "test")
    vd.write_dataset(os.path.join(split_dir, "data-train"), s, "train")
    for part in ("data", "data-train"):
        c = os.path.join(committed, part)
        if os.path.isdir(c):
            bad = same_files(os.path.join(split_dir, part), c, ("images.npy", "labels.npy", "split.json"))
            if bad:
                raise SystemExit(f"train: {os.path.join(c, bad)} differs from the regenerated split "
                                 f"({os.path.join(split_dir, part, bad)})")
    print(f"train: split regenerated in {split_dir} (identical to {committed}/data*)"
          if os.path.isdir(os.path.join(committed, "data")) else f"train: split in {split_dir}")
    # 2. training
    rec = {"format": "trex-train-record", "version": 1, "seed": args.seed, "threads": 1,
           "test_images": int(len(s["test_idx"])), "calibration": args.calib,
           "versions": versions(), "weights_sha256": {}, "seconds": {}, "cpu_seconds": {}, "models": {}}
    base, mb = stage_base(args.seed, split_dir, args.epochs)
    save(os.path.join(out, "base.pt"), base, mb)
    distil, md = stage_distil(base, mb, args.seed, split_dir, args.epochs)
    save(os.path.join(out, "distil.pt"), distil, md)
    shared, ms = stage_shared(distil, md, args.seed, split_dir, args.epochs)
    save(os.path.join(out, "shared.pt"), shared, ms)
    for name, m in (("base", mb), ("distil", md), ("shared", ms)):
        rec["weights_sha256"][name] = m["weights_sha256"]
        rec["seconds"][name] = m["seconds"]
        rec["cpu_seconds"][name] = m["cpu_seconds"]
    rec["float_top1_base"] = mb["test_top1"]
    rec["float_top1_distil"] = float_table(distil, split_dir, "standard")
    models = [("vit-digits", shared, ms, COMMITTED_LISTS)]
    for text in [t for t in (args.dedicated or "").split("/") if t]:
        dm, mdd = stage_dedicated(shared, ms, text, args.seed, split_dir, args.epochs)
        tag = "vit-digits-r" + mdd["reuse"].replace(",", "-").replace(":", "s")
        save(os.path.join(out, tag + ".pt"), dm, mdd)
        rec["weights_sha256"][tag] = mdd["weights_sha256"]
        rec["seconds"][tag] = mdd["seconds"]
        rec["cpu_seconds"][tag] = mdd["cpu_seconds"]
        models.append((tag, dm, mdd, "none;" + mdd["reuse"]))
    # 3. float tables, export, integer tables
    for tag, model, meta, spec in models:
        lists = resolve_lists(spec, model)
        ft = float_table(model, split_dir, spec)
        t0 = time.time()
        torch = vd.setup_determinism(0)
        x = to_float(torch, s["images"][s["train_idx"]])
        maps = export_int.calib_maps(args.calib_lists, model.cfg["depth"], set(model.pairs))
        scales = export_int.calibrate(torch, model, x, maps, args.calib)
        desc = {"rule": args.calib, "images": int(x.shape[0]), "split": "training (no augmentation)",
                "reuse_lists": [vd.reuse_text(m) for m in maps]}
        mdir = os.path.join(out, tag)
        export_int.write_model_dir(model, scales, mdir, tag,
                                   {k: meta[k] for k in ("stage", "seed", "seconds", "weights_sha256")
                                    if k in meta}, desc)
        it, hashes = int_tables(mdir, os.path.join(split_dir, "data"), lists)
        rec["seconds"][tag + " export+int"] = round(time.time() - t0, 1)
        rec["models"][tag] = {"stage": meta["stage"], "reuse": meta.get("reuse"),
                              "float_top1": ft, "int_top1": it, "int_logits_sha256": hashes}
        print(f"train: {tag}: float / integer top-1 (none) {ft['none']:.2f} / {it['none']:.2f}; "
              f"model directory {mdir}")
    rec["seconds"]["total"] = round(time.time() - t_all, 1)
    write_json(os.path.join(out, "record.json"), rec)
    print(f"train: record {os.path.join(out, 'record.json')} ({rec['seconds']['total']:.0f} s)")
    # 4. against the committed record
    ok = check_against(rec, os.path.join(committed, "record.json"), args.tolerance)
    if args.install:
        if not ok:
            raise SystemExit("train: not installing: the check against the committed record failed")
        install(out, args.models, [m[0] for m in models], split_dir)
    return 0 if ok else 1


def check_against(rec, path, tol):
    """Per model: weights bit-identical to the record's, or else the float top-1 of its
    baseline list and the mean absolute difference over its recorded lists within tol
    points (seed-to-seed noise, docs/accuracy.md)."""
    try:
        with open(path) as f:
            old = json.load(f)
    except OSError:
        print(f"train: no committed record {path}: nothing to compare")
        return True
    ok = True
    for tag, m in rec["models"].items():
        om = old.get("models", {}).get(tag)
        if om is None:
            print(f"train: {tag}: not in the committed record {path}")
            continue
        key = "shared" if tag == "vit-digits" else tag
        same = rec["weights_sha256"].get(key) == old["weights_sha256"].get(key)
        common = [k for k in om["float_top1"] if k in m["float_top1"]]
        diffs = [abs(m["float_top1"][k] - om["float_top1"][k]) for k in common]
        first = "none" if tag == "vit-digits" else m["reuse"]
        d0 = abs(m["float_top1"][first] - om["float_top1"][first])
        mean = sum(diffs) / len(diffs)
        good = same or (d0 <= tol and mean <= tol)
        ok &= good
        ih = all(m["int_logits_sha256"].get(k) == v for k, v in om["int_logits_sha256"].items())
        print(f"train: {tag}: weights {'bit-identical to' if same else 'differ from'} the committed model; "
              f"float top-1 of '{first}' {m['float_top1'][first]:.2f} (committed {om['float_top1'][first]:.2f}), "
              f"mean |difference| {mean:.2f} and largest {max(diffs):.2f} points over {len(common)} lists "
              f"(tolerance {tol}): {'ok' if good else 'FAIL'}; integer logits {'identical' if ih else 'differ'}")
    return ok


def install(out, models_dir, tags, split_dir):
    import shutil
    for tag in tags:
        dst = os.path.join(models_dir, tag)
        src = os.path.join(out, tag)

        def fill(stage):
            # the staging directory is this run's own (a fixed name was
            # removed and reused by a second run at once)
            shutil.copytree(src, stage, dirs_exist_ok=True)
            if tag == "vit-digits":
                for part in ("data", "data-train"):
                    shutil.copytree(os.path.join(split_dir, part), os.path.join(stage, part))
                shutil.copy(os.path.join(out, "record.json"), os.path.join(stage, "record.json"))
            if os.path.isfile(os.path.join(dst, "README.md")):
                shutil.copy(os.path.join(dst, "README.md"), os.path.join(stage, "README.md"))
        safeout.replace_dir(dst, fill, prog="train_digits.py")
        print(f"train: installed {dst}")


def t975(df):
    """Two-sided 95% Student t quantile (table; df >= 1)."""
    tab = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
           9: 2.262, 10: 2.228}
    return tab.get(df, 1.96 + 2.4 / df)


def wilson(k, n, z=1.96):
    """95% Wilson score interval of a proportion k/n, in percent."""
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(100 * (c - h), 2), round(100 * (c + h), 2)]


def cmd_noise(args):
    """Seed-to-seed spread: baseline, distillation and option (a) per seed; float top-1 of
    the standard lists; mean, sd and 95% t-interval over seeds. Per-seed results are kept
    in OUT/seed-N.json and reused on a rerun."""
    os.makedirs(args.out, exist_ok=True)
    seeds = [int(t) for t in args.seeds.split()]
    per = {}
    for seed in seeds:
        path = os.path.join(args.out, f"seed-{seed}.json")
        if os.path.exists(path):
            with open(path) as f:
                per[seed] = json.load(f)
            print(f"noise: seed {seed}: reusing {path}")
            continue
        base, mb = stage_base(seed, args.data, args.epochs)
        distil, md = stage_distil(base, mb, seed, args.data, args.epochs)
        shared, ms = stage_shared(distil, md, seed, args.data, args.epochs)
        per[seed] = {"seed": seed, "base": mb["test_top1"],
                     "weights_sha256": {"base": mb["weights_sha256"], "shared": ms["weights_sha256"]},
                     "cpu_seconds": {"base": mb["cpu_seconds"], "distil": md["cpu_seconds"],
                                     "shared": ms["cpu_seconds"]},
            "shared": float_table(shared, args.data, "standard"),
            "distil": float_table(distil, args.data, "standard")}
        write_json(path, per[seed])
        print(f"noise: seed {seed}: base {mb['test_top1']:.2f}, shared none "
              f"{per[seed]['shared']['none']:.2f} -> {path}")
    summary = {}
    rows = [("base", lambda r: r["base"])] + \
        [(f"shared {k}", (lambda k: lambda r: r["shared"][k])(k)) for k in per[seeds[0]]["shared"]]
    for name, get in rows:
        v = np.array([get(per[s]) for s in seeds])
        n = len(v)
        sd = float(v.std(ddof=1)) if n > 1 else float("nan")
        h = t975(n - 1) * sd / math.sqrt(n) if n > 1 else float("nan")
        summary[name] = {"values": [round(float(x), 2) for x in v], "mean": round(float(v.mean()), 2),
                         "sd": round(sd, 2), "ci95": [round(float(v.mean()) - h, 2), round(float(v.mean()) + h, 2)]}
        print(f"{name:>20}  mean {v.mean():6.2f}  sd {sd:5.2f}  95% CI of the mean "
              f"[{v.mean() - h:6.2f}, {v.mean() + h:6.2f}]  values {' '.join(f'{x:.2f}' for x in v)}")
    out = {"format": "trex-train-noise", "version": 1, "seeds": seeds, "per_seed": per,
           "summary": summary,
           "method": "per seed: base, distil and option (a) from scratch with that seed (split fixed); "
                     "the float top-1 of each list on the 360 test images; mean, sample sd and the "
                     "Student-t 95% interval of the mean over seeds"}
    write_json(os.path.join(args.out, "noise.json"), out)
    print(f"noise: {os.path.join(args.out, 'noise.json')}")


def n_reused(text):
    return 0 if text == "none" else len(text.split(","))


def cmd_tables(args):
    """Markdown tables of a record (and a noise summary) for docs/accuracy.md."""
    with open(args.record) as f:
        rec = json.load(f)
    n = rec["test_images"]
    a = rec["models"]["vit-digits"]
    fa, ia = a["float_top1"], a["int_top1"]
    base = fa["none"]

    def ci(acc):
        lo, hi = wilson(round(acc * n / 100), n)
        return f"{acc:.2f} [{lo:.1f}, {hi:.1f}]"

    print(f"Option (a), one model for every list (`models/vit-digits`, seed {rec['seed']}); "
          f"{n} test images; [95% Wilson interval]; integer = intemu (lossless tile), "
          f"calibration {rec['calibration']}.\n")
    print("| reuse list | reused | float top-1 % | drop (points) | integer top-1 % | integer - float |")
    print("| --- | --- | --- | --- | --- | --- |")
    keys = sorted(fa, key=lambda k: (n_reused(k), ":" in k, k))
    for k in keys:
        print(f"| {k} | {n_reused(k)} | {ci(fa[k])} | {base - fa[k]:+.2f} | {ia[k]:.2f} | {ia[k] - fa[k]:+.2f} |")
    ded = {m["reuse"]: (tag, m) for tag, m in rec["models"].items() if tag != "vit-digits"}
    if ded:
        dist = rec.get("float_top1_distil", {})
        print("\nOption (b), one model per list (`models/<tag>`), against option (a) and the "
              "distilled TBs before any fine-tuning.\n")
        print("| reuse list | model | distilled only % | option (a) float % | option (b) float % | "
              "option (b) integer % |")
        print("| --- | --- | --- | --- | --- | --- |")
        for k in sorted(ded, key=lambda k: (n_reused(k), k)):
            tag, m = ded[k]
            d = f"{dist[k]:.2f}" if k in dist else "-"
            print(f"| {k} | {tag} | {d} | {ci(fa[k])} | {ci(m['float_top1'][k])} | {m['int_top1'][k]:.2f} |")
    print("\nCPU seconds (1 thread): " + ", ".join(f"{k} {v:.0f}" for k, v in rec["cpu_seconds"].items()))
    if args.noise:
        with open(args.noise) as f:
            nz = json.load(f)
        print(f"\nSeed-to-seed spread, seeds {' '.join(map(str, nz['seeds']))} (float top-1 %).\n")
        print("| model, list | values | mean | sd | 95% CI of the mean |")
        print("| --- | --- | --- | --- | --- |")
        for k, v in nz["summary"].items():
            print(f"| {k} | {' '.join(f'{x:.2f}' for x in v['values'])} | {v['mean']:.2f} | {v['sd']:.2f} | "
                  f"[{v['ci95'][0]:.2f}, {v['ci95'][1]:.2f}] |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p, seed=True):
        p.add_argument("--data", help="read the split from DIR/data and DIR/data-train "
                       "(default: regenerate it with scikit-learn)")
        if seed:
            p.add_argument("--seed", type=int, default=1, help="training seed (default 1)")
        p.add_argument("--epochs", type=int, default=0, help="override the recipe's epochs (tests)")

    p = sub.add_parser("split", help="write the dataset directories")
    p.add_argument("--out", required=True)
    p = sub.add_parser("base", help="train the baseline")
    common(p)
    p.add_argument("--out", required=True)
    p = sub.add_parser("distil", help="distil TBs for all pairs")
    common(p)
    p.add_argument("--base", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("shared", help="option (a): one model for any reuse list")
    common(p)
    p.add_argument("--init", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("dedicated", help="option (b): fine-tune for one reuse list")
    common(p)
    p.add_argument("--init", required=True)
    p.add_argument("--reuse", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("eval", help="float top-1 per reuse list")
    common(p, seed=False)
    p.add_argument("--ckpt", required=True)
    p.add_argument("--lists", default="standard",
                   help="'+'-joined sets: standard, auto (all automatic-source subsets), pairs, "
                        "or ';'-separated lists (default standard)")
    p.add_argument("--json")
    p = sub.add_parser("all", help="the make train flow: everything, record, check, install")
    p.add_argument("--seed", type=int, default=1, help="training seed (default 1)")
    p.add_argument("--epochs", type=int, default=0, help="override every recipe's epochs (tests)")
    p.add_argument("--out", required=True, help="output directory (e.g. build/train)")
    p.add_argument("--models", default="models", help="committed models directory (default models)")
    p.add_argument("--dedicated", default="", help="'/'-separated reuse lists for option (b) models")
    p.add_argument("--calib", default="max", help="export calibration rule (default max)")
    p.add_argument("--calib-lists", default="auto+pairs", help="export calibration lists (default auto+pairs)")
    p.add_argument("--tolerance", type=float, default=2.0,
                   help="largest float top-1 difference (points) to the committed record (default 2.0)")
    p.add_argument("--install", action="store_true", help="copy the models into --models after the check")
    p = sub.add_parser("noise", help="seed-to-seed spread of float top-1")
    common(p, seed=False)
    p.add_argument("--seeds", default="1 2 3", help="space-separated seeds (default '1 2 3')")
    p.add_argument("--out", required=True)
    p = sub.add_parser("tables", help="Markdown tables of a record")
    p.add_argument("--record", required=True)
    p.add_argument("--noise")
    p = sub.add_parser("hash", help="SHA-256 of the weights")
    p.add_argument("--ckpt", required=True)
    args = ap.parse_args(argv)
    try:
        cmds = {"split": cmd_split, "base": cmd_base, "distil": cmd_distil, "shared": cmd_shared,
                "dedicated": cmd_dedicated, "eval": cmd_eval, "hash": cmd_hash, "all": cmd_all,
                "noise": cmd_noise, "tables": cmd_tables}
        return cmds[args.cmd](args) or 0
    except ValueError as e:
        print(f"train_digits: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

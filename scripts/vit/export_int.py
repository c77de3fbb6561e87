#!/usr/bin/python3
"""Quantises a trained float ViT (train_digits.py checkpoint) to the integer model
directory that `trex infer` reads (docs/encoder-int.md; /work/specs/encoder-design.md
sections 2 and 4; the rules are in docs/accuracy.md).

  export_int.py --ckpt CKPT --out DIR [--data DIR] [--calib max|pNN.NN]
                [--calib-lists auto+pairs] [--name NAME]

- Weights: per-tensor symmetric int8, scale max|W|/127, W_q = rint(W/scale), stored (k, n).
- Activations: one scale per tensor, calibrated on the training split (no augmentation)
  by running the float model under the baseline and every calibration reuse list;
  rule 'max': scale = max|x| / 127 over all runs; 'pNN.NN': per run the NN.NN-th
  percentile of |x|, the largest over runs, / 127.
- Integer parameters: biases int32 at s_in*s_w; (M, s) with M = rint(m * 2^s) < 2^31 and
  the largest s <= 62; residual/pos adds (Ma, Mb, s) the same on the larger multiplier;
  LN g/B/eps_q/s_ln; softmax exp LUT and GELU LUTs.
The directory is written next to DIR in a temporary directory and renamed into place
(an existing DIR is replaced only when it holds a model.json of this format).
"""
import argparse
import json
import math
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vit_digits as vd  # noqa: E402
import numpy as np  # noqa: E402

FORMAT = "trex-int-vit"
VERSION = 1
MAX_SHIFT = 62
M_LIMIT = 1 << 31


def mult_shift(m, what):
    """Real multiplier m > 0 -> (M, s): M = rint(m * 2^s) < 2^31 with the largest s <= 62."""
    if not (m > 0 and math.isfinite(m)):
        raise SystemExit(f"export: {what}: multiplier {m} is not a positive number")
    for s in range(MAX_SHIFT, -1, -1):
        M = int(round(m * 2.0 ** s))
        if M < M_LIMIT:
            return M, s
    raise SystemExit(f"export: {what}: multiplier {m} needs more than 31 bits")


def add_mult_shift(ma, mb, what):
    """Two multipliers with one shift: the larger fits 31 bits, largest s <= 62."""
    for s in range(MAX_SHIFT, -1, -1):
        Ma, Mb = int(round(ma * 2.0 ** s)), int(round(mb * 2.0 ** s))
        if max(Ma, Mb) < M_LIMIT:
            return Ma, Mb, s
    raise SystemExit(f"export: {what}: multipliers {ma}, {mb} need more than 31 bits")


def q8(x, scale):
    return np.clip(np.rint(x / scale), -128, 127).astype(np.int8)


def wscale(w):
    m = float(np.abs(w).max())
    return m / 127.0 if m > 0 else 1.0


# ---------------------------------------------------------------- calibration

def calibrate(torch, model, x, rmaps, rule):
    """{tensor name: scale} over the runs; names as in ViT.forward's rec."""
    stats = {}
    pct = None if rule == "max" else float(rule[1:])

    def rec(name, val):
        # a reusing encoder's residual1 output shares the encoder's residual1 scale, and its
        # TB output the scale of the encoder's own out_proj output (docs/encoder-int.md 5)
        if ".tb" in name and name.endswith(".residual1"):
            name = name.split(".tb")[0] + ".residual1"
        elif ".tb" in name and name.endswith(".fc2"):
            name = name.split(".tb")[0] + ".out_proj"
        a = val.detach().abs().reshape(-1).numpy()
        v = float(a.max()) if pct is None else float(np.percentile(a, pct))
        stats[name] = max(stats.get(name, 0.0), v)

    with torch.no_grad():
        for rmap in rmaps:
            model(x, reuse=rmap, rec=rec)
    return {k: (v / 127.0 if v > 0 else 1.0) for k, v in stats.items()}


def calib_maps(spec, depth, pairs):
    """Calibration reuse maps: baseline + sets joined by '+': auto (every automatic-source
    subset), pairs (each TB alone), none."""
    out = [{}]
    for part in spec.split("+"):
        if part == "auto":
            for mask in range(1, 1 << (depth - 1)):
                rm = vd.resolve_reuse([(i + 1, None) for i in range(depth - 1) if mask >> i & 1], depth)
                if set(rm.items()) <= pairs:
                    out.append(rm)
        elif part == "pairs":
            out += [{i: j} for i, j in sorted(pairs)]
        elif part in ("none", ""):
            pass
        else:
            raise SystemExit(f"export: --calib-lists: unknown set '{part}' (auto, pairs, none)")
    return out


# ---------------------------------------------------------------- writer

class Writer:
    """Writes `<layer>.<tensor>.npy` files (docs/encoder-int.md 7.2)."""

    def __init__(self, root):
        self.root = root

    def tensor(self, layer, name, arr, dtype):
        arr = np.asarray(arr)
        if np.issubdtype(np.dtype(dtype), np.integer):
            info = np.iinfo(dtype)
            if arr.size and (arr.min() < info.min or arr.max() > info.max):
                raise SystemExit(f"export: {layer}.{name}: values outside {np.dtype(dtype).name}")
        arr = np.ascontiguousarray(arr.astype(dtype))
        with open(os.path.join(self.root, f"{layer}.{name}.npy"), "wb") as f:
            np.save(f, arr, allow_pickle=False)


def gelu_lut(s_in, s_out):
    """sat8(round(gelu(v * s_in) / s_out)), v = -128..127, exact (erf) GELU."""
    v = np.arange(-128, 128, dtype=np.float64) * s_in
    g = np.array([0.5 * t * (1.0 + math.erf(t / math.sqrt(2.0))) for t in v])
    return np.clip(np.rint(g / s_out), -128, 127).astype(np.int8)


def exp_lut(s_score):
    """LUT_exp[i] = round(65536 * exp(-i * s_score)), i = 0..255."""
    i = np.arange(256, dtype=np.float64)
    return np.rint(65536.0 * np.exp(-i * s_score)).astype(np.int32)


def ln_params(gamma, beta, s_in, s_out, E, eps, what):
    """eps_q, s and the int32 g, b of a LayerNorm: the largest s <= 62 with every
    |g_i|, |b_i| < 2^31 (docs/encoder-int.md 5.2)."""
    eps_q = max(1, int(round(eps * E * E / (s_in * s_in))))
    if eps_q > 1 << 40:
        raise SystemExit(f"export: {what}: eps_q {eps_q} above 2^40 (input scale too small)")
    for s in range(MAX_SHIFT, -1, -1):
        gq = np.rint(gamma / s_out * 2.0 ** (s - 16))
        bq = np.rint(beta / s_out * 2.0 ** s)
        if max(np.abs(gq).max(), np.abs(bq).max()) < M_LIMIT:
            return eps_q, s, gq, bq
    raise SystemExit(f"export: {what}: LayerNorm gain does not fit int32")


def export(model, scales, out_dir, name, meta, calib_desc):
    """Writes the model directory of docs/encoder-int.md section 7 into out_dir."""
    cfg = model.cfg
    E, H, M, depth = cfg["E"], cfg["H"], cfg["M"], cfg["depth"]
    d = E // H
    T = model.T
    eps = 1e-5
    sd = {k: v.detach().numpy().astype(np.float64) for k, v in model.state_dict().items()}
    w = Writer(out_dir)
    layers = {}
    doc = {}  # float scales per tensor, documentation only

    shared = set()  # "encoders.i.q_proj": layers whose w is an earlier encoder's
    for key, names in (("share_attention", ("q_proj", "k_proj", "v_proj", "out_proj")),
                       ("share_mlp", ("fc1", "fc2"))):
        for i, _ in cfg.get(key, []):
            shared.update(f"encoders.{i}.{nm}" for nm in names)

    def linear(layer, prefix, s_in, s_out):
        W = sd[prefix + ".weight"].T  # (k, n): row i = input i
        sw = wscale(W)  # a shared (tied) weight: the owner's tensor, so the owner's int8 and scale
        if prefix not in shared:  # a shared layer has no w file (docs/encoder-int.md 3.1)
            w.tensor(layer, "w", q8(W, sw), np.int8)
        w.tensor(layer, "b", np.rint(sd[prefix + ".bias"] / (s_in * sw)), np.int32)
        doc[layer] = {"scale_w": sw, "scale_in": s_in}
        if s_out is None:  # head: int32 logits at s_in * sw
            doc[layer]["scale_out"] = s_in * sw
            return
        M_, s_ = mult_shift(s_in * sw / s_out, layer)
        layers[layer] = {"M": M_, "s": s_}
        doc[layer]["scale_out"] = s_out

    def layernorm(layer, prefix, s_in, s_out):
        eps_q, s_, gq, bq = ln_params(sd[prefix + ".weight"], sd[prefix + ".bias"], s_in, s_out,
                                      E, eps, layer)
        w.tensor(layer, "g", gq, np.int32)
        w.tensor(layer, "b", bq, np.int32)
        layers[layer] = {"eps_q": eps_q, "s": s_}
        doc[layer] = {"scale_in": s_in, "scale_out": s_out}

    def gelu(layer, s_in, s_out):
        w.tensor(layer, "lut", gelu_lut(s_in, s_out), np.int8)
        doc[layer] = {"scale_in": s_in, "scale_out": s_out}

    def add(layer, sa, sb, sy):
        Ma, Mb, s_ = add_mult_shift(sa / sy, sb / sy, layer)
        layers[layer] = {"Ma": Ma, "Mb": Mb, "s": s_}
        doc[layer] = {"scale_a": sa, "scale_b": sb, "scale_out": sy}

    S = scales
    s_pe = S["model.patch_embed"]
    linear("model.patch_embed", "patch_embed", vd.INPUT_SCALE, s_pe)
    s_pos = wscale(sd["pos"])
    w.tensor("model.pos_embed", "cls", q8(sd["cls"][0], s_pe), np.int8)
    w.tensor("model.pos_embed", "pos", q8(sd["pos"], s_pos), np.int8)
    add("model.pos_embed", s_pe, s_pos, S["model.pos_embed"])
    s_x = S["model.pos_embed"]
    for i in range(depth):
        sc = f"enc{i:02d}"
        p = f"encoders.{i}"
        layernorm(f"{sc}.ln1", p + ".ln1", s_x, S[f"{sc}.ln1"])
        for proj in ("q_proj", "k_proj", "v_proj"):
            linear(f"{sc}.{proj}", f"{p}.{proj}", S[f"{sc}.ln1"], S[f"{sc}.{proj}"])
        s_sc = S[f"{sc}.qk"]
        M_, s_ = mult_shift(S[f"{sc}.q_proj"] * S[f"{sc}.k_proj"] / (math.sqrt(d) * s_sc), f"{sc}.qk")
        layers[f"{sc}.qk"] = {"M": M_, "s": s_}
        doc[f"{sc}.qk"] = {"scale_out": s_sc}
        w.tensor(f"{sc}.softmax", "lut", exp_lut(s_sc), np.int32)
        doc[f"{sc}.softmax"] = {"scale_in": s_sc, "scale_out": 1.0 / 128}
        M_, s_ = mult_shift(S[f"{sc}.v_proj"] / 128.0 / S[f"{sc}.sv"], f"{sc}.sv")
        layers[f"{sc}.sv"] = {"M": M_, "s": s_}
        doc[f"{sc}.sv"] = {"scale_out": S[f"{sc}.sv"]}
        s_a = S[f"{sc}.out_proj"]  # also the scale of every TB output of this encoder
        linear(f"{sc}.out_proj", f"{p}.out_proj", S[f"{sc}.sv"], s_a)
        for (ii, j) in model.pairs:
            if ii != i:
                continue
            tb, tp = f"{sc}.tb{j:02d}", f"tbs.{i}_{j}"
            layernorm(f"{tb}.tb_ln", tp + ".ln", S[f"enc{j:02d}.out_proj"], S[f"{tb}.ln"])
            linear(f"{tb}.tb_fc1", tp + ".fc1", S[f"{tb}.ln"], S[f"{tb}.fc1"])
            gelu(f"{tb}.tb_gelu", S[f"{tb}.fc1"], S[f"{tb}.gelu"])
            linear(f"{tb}.tb_fc2", tp + ".fc2", S[f"{tb}.gelu"], s_a)
        s_h = S[f"{sc}.residual1"]
        add(f"{sc}.residual1", s_x, s_a, s_h)
        layernorm(f"{sc}.ln2", p + ".ln2", s_h, S[f"{sc}.ln2"])
        linear(f"{sc}.fc1", p + ".fc1", S[f"{sc}.ln2"], S[f"{sc}.fc1"])
        gelu(f"{sc}.gelu", S[f"{sc}.fc1"], S[f"{sc}.gelu"])
        linear(f"{sc}.fc2", p + ".fc2", S[f"{sc}.gelu"], S[f"{sc}.fc2"])
        add(f"{sc}.residual2", s_h, S[f"{sc}.fc2"], S[f"{sc}.residual2"])
        s_x = S[f"{sc}.residual2"]
    layernorm("model.final_ln", "final_ln", s_x, S["model.final_ln"])
    linear("model.head", "head", S["model.final_ln"], None)

    C, Hh, Ww = cfg["image"]
    js = {
        "format": FORMAT, "version": VERSION, "name": name,
        "model": {"tokens": T, "embedding": E, "heads": H, "mlp": M, "depth": depth,
                  "tb_hidden": cfg["tb_hidden"], "tb_layers": 2, "patch_dim": model.patch_dim,
                  "classes": cfg["classes"],
                  **{k: cfg[k] for k in ("encoder_tokens", "share_attention", "share_mlp") if k in cfg}},
        "image": {"channels": C, "height": Hh, "width": Ww, "patch": cfg["patch"],
                  "input_min": 0, "input_max": 16, "input_scale": vd.INPUT_SCALE},
        "ln_eps": eps,
        "reuse_pairs": [[i, j] for i, j in model.pairs],
        "layers": layers,
        "doc_export": {"tool": "scripts/vit/export_int.py", "rules": "docs/accuracy.md",
                       "calibration": calib_desc, "training": meta},
        "doc_scales": doc,
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(js, f, indent=1)
        f.write("\n")
    return js


def write_model_dir(model, scales, out, name, meta, calib_desc):
    """Export into a temporary directory beside `out`, then rename into place."""
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    if os.path.exists(out):
        try:
            with open(os.path.join(out, "model.json")) as f:
                if json.load(f).get("format") != FORMAT:
                    raise ValueError
        except (OSError, ValueError):
            raise SystemExit(f"export: {out} exists and is not a {FORMAT} directory; not replacing it")
    tmp = tempfile.mkdtemp(prefix=".export.", dir=parent)
    try:
        js = export(model, scales, tmp, name, meta, calib_desc)
        if os.path.exists(out):
            # keep what export does not write (the dataset directories)
            for keep in ("data", "data-train", "README.md", "record.json"):
                src = os.path.join(out, keep)
                if os.path.exists(src):
                    os.replace(src, os.path.join(tmp, keep))
            old = tempfile.mkdtemp(prefix=".old.", dir=parent)
            os.replace(out, os.path.join(old, "m"))
            os.replace(tmp, out)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return js


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True, help="checkpoint from train_digits.py")
    ap.add_argument("--out", required=True, help="model directory to write")
    ap.add_argument("--data", help="DIR with data-train/ (default: regenerate the split with scikit-learn)")
    ap.add_argument("--calib", default="max", help="max or pNN.NN (percentile of |x|; default max)")
    ap.add_argument("--calib-lists", default="auto+pairs",
                    help="reuse lists calibrated besides the baseline: auto, pairs, none joined by '+' "
                         "(default auto+pairs)")
    ap.add_argument("--name", default="vit-digits")
    args = ap.parse_args(argv)
    if args.calib != "max":
        try:
            pct = float(args.calib[1:]) if args.calib.startswith("p") else float("nan")
        except ValueError:
            pct = float("nan")
        if not 0 < pct <= 100:
            ap.error(f"--calib '{args.calib}': max or pNN.NN with 0 < NN.NN <= 100")
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,63}", args.name):
        ap.error(f"--name '{args.name}': 1..63 characters from [A-Za-z0-9._-]")
    model, meta = vd.load_checkpoint(args.ckpt)
    torch = vd.setup_determinism(0)
    if args.data:
        tr_img, _ = vd.load_dataset(os.path.join(args.data, "data-train"))
    else:
        s = vd.make_split()
        tr_img = s["images"][s["train_idx"]]
    x = torch.from_numpy(tr_img.astype(np.float32) * np.float32(vd.INPUT_SCALE))
    depth = model.cfg["depth"]
    maps = calib_maps(args.calib_lists, depth, set(model.pairs))
    scales = calibrate(torch, model, x, maps, args.calib)
    desc = {"rule": args.calib, "images": int(len(tr_img)), "split": "training (no augmentation)",
            "reuse_lists": [vd.reuse_text(m) for m in maps]}
    js = write_model_dir(model, scales, args.out, args.name, meta, desc)
    print(f"export: {args.out} ({len(js['layers'])} layers, {len(js['reuse_pairs'])} reuse pairs, "
          f"calibration {args.calib} over {len(maps)} runs of {len(tr_img)} training images)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

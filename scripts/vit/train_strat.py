#!/usr/bin/python3
"""train_strat.py: the tiny ViT of docs/accuracy.md pruned or shared at several
strengths (issue 18), fine-tuned with the budget of the dedicated reuse models,
exported to the integer contract (docs/encoder-int.md section 3.1).

  train_strat.py --init CKPT --configs FILE --out DIR [--data DIR] [--seed S]

CKPT is option (a)'s float checkpoint (`make train` writes build/train/shared.pt).
FILE (tests/strat/strategies.json) lists the models: each {"name", "kind":
"prune"|"share"|"reuse", and "encoder_tokens" / "share_attention" / "share_mlp" /
"reuse"}. For every entry, from option (a)'s backbone (its TBs dropped):
- prune, share: the strategy applied (shared layers take the owner's weight, one
  tied Parameter; biases stay per encoder), then the dedicated recipe of
  train_digits.py (DEDICATED: 30 epochs, AdamW lr 5e-4, weight decay 0.05,
  1 warm-up epoch, cosine, batch 64, shift augmentation, the stage seed) with
  cross-entropy;
- reuse: train_digits.stage_dedicated itself (option (b) for that list).
Then float top-1 on the test split, the export (export_int.py's calibration
'max' on the training split and writer) into DIR/<name>/, and DIR/record.json
(recipe, seed, CPU seconds, weight hashes, float top-1). Run with
/usr/bin/python3 (Debian's torch); threads fixed as in train_digits.py.
"""
import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vit_digits as vd  # noqa: E402  (thread environment first)
import train_digits as td  # noqa: E402
import export_int as ex  # noqa: E402
import safeout  # noqa: E402
import numpy as np  # noqa: E402

STRAT_KEYS = ("encoder_tokens", "share_attention", "share_mlp")


def backbone_with(init, cfg):
    """A copy of init's backbone (no TBs) with the strategy of cfg applied: the
    weights are loaded first, then the shared layers are tied to their owner's
    Parameter (so the owner's weights are the ones kept)."""
    model = td.new_model([])
    sd = {k: v for k, v in init.state_dict().items() if not k.startswith("tbs.")}
    model.load_state_dict(sd)
    for k in STRAT_KEYS:
        if k in cfg:
            model.cfg[k] = cfg[k]
    model.tie_shared()
    return model


def stage_strategy(init, meta0, cfg, seed, data_dir):
    torch = vd.setup_determinism(seed)
    D = td.Data(torch, data_dir)
    model = backbone_with(init, cfg)
    rc = dict(td.DEDICATED)
    rc.pop("tb_mse", None)
    ce = torch.nn.functional.cross_entropy

    def step(xb, yb, gen):
        return ce(model(xb), yb)

    secs, cpu = td.run_epochs(torch, model, model.parameters(), rc, D.xtr, D.ytr, seed, step,
                              f"{cfg['kind']} {cfg['name']}")
    acc = td.accuracy(torch, model, D.xte, D.yte, {})
    meta = {"stage": cfg["kind"], "config": cfg, "from": meta0, "seed": seed, "recipe": rc,
            "seconds": round(secs, 1), "cpu_seconds": round(cpu, 1), "test_top1": acc,
            "weights_sha256": td.weights_hash(model)}
    return model, meta, {"none": acc}


def export_one(model, meta, out, name, tr_img, lists):
    torch = vd.setup_determinism(0)
    x = torch.from_numpy(tr_img.astype(np.float32) * np.float32(vd.INPUT_SCALE))
    maps = [{}] + [m for _, m in lists if m]
    scales = ex.calibrate(torch, model, x, maps, "max")
    desc = {"rule": "max", "images": int(len(tr_img)), "split": "training (no augmentation)",
            "reuse_lists": [vd.reuse_text(m) for m in maps]}
    ex.write_model_dir(model, scales, out, name, meta, desc)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init", required=True, help="option (a)'s checkpoint (build/train/shared.pt)")
    ap.add_argument("--configs", required=True, help="JSON list of strategy models")
    ap.add_argument("--out", required=True, help="directory for the model directories and record.json")
    ap.add_argument("--data", default="models/vit-digits", help="DIR with data/ and data-train/")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", help="comma-separated names: train only these")
    args = ap.parse_args(argv)
    with open(args.configs) as f:
        configs = json.load(f)["models"]
    init, meta0 = vd.load_checkpoint(args.init)
    os.makedirs(args.out, exist_ok=True)
    rec_path = os.path.join(args.out, "record.json")
    record = {"format": "trex-strat-record", "version": 1, "init": args.init,
              "init_weights_sha256": td.weights_hash(init), "seed": args.seed, "models": {}}
    if os.path.exists(rec_path):
        with open(rec_path) as f:
            record["models"] = json.load(f).get("models", {})
    tr_img, _ = vd.load_dataset(os.path.join(args.data, "data-train"))
    only = set(args.only.split(",")) if args.only else None
    for cfg in configs:
        if only and cfg["name"] not in only:
            continue
        t0 = time.process_time()
        if cfg["kind"] == "reuse":
            model, meta = td.stage_dedicated(init, meta0, cfg["reuse"], args.seed, args.data)
            rmap = vd.resolve_reuse(vd.parse_reuse(cfg["reuse"], model.cfg["depth"]), model.cfg["depth"])
            torch = vd.setup_determinism(args.seed)
            D = td.Data(torch, args.data)
            top = {"none": td.accuracy(torch, model, D.xte, D.yte, {}), vd.reuse_text(rmap): meta["test_top1"]}
            lists = [(vd.reuse_text(rmap), rmap)]
        elif cfg["kind"] in ("prune", "share"):
            model, meta, top = stage_strategy(init, meta0, cfg, args.seed, args.data)
            lists = []
        else:
            raise SystemExit(f"train_strat: {cfg['name']}: unknown kind '{cfg['kind']}'")
        out = os.path.join(args.out, cfg["name"])
        export_one(model, meta, out, cfg["name"], tr_img, lists)
        record["models"][cfg["name"]] = {"config": cfg, "float_top1": top, "meta": meta,
                                         "cpu_seconds_total": round(time.process_time() - t0, 1)}
        safeout.write_json(rec_path, record)
        vd.eprint(f"train_strat: {out}: float top-1 {top}")
    print(f"train_strat: {rec_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

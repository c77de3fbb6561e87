#!/usr/bin/python3
"""The accuracy section of docs/results.md, written from a `trex accuracy-study`
summary (and the bench's accuracy.json when given): `make paper` appends
tests/accuracy/results-accuracy.md, which `make accuracy-results` rewrites with
this script. Every figure comes from the files named; the statements that
compare figures are computed here, not typed.

  acc_results.py SUMMARY.json [--bench build/bench/accuracy.json] [--commit SHA]
                 > tests/accuracy/results-accuracy.md
"""
import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import acc_tables as T  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("summary")
    ap.add_argument("--bench")
    ap.add_argument("--commit", default="")
    a = ap.parse_args()
    # a file that is not trex accuracy-study's summary: one line naming it
    # (a traceback before; H155)
    try:
        with open(a.summary) as f:
            S = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"acc_results: {a.summary}: cannot read: {e}")
    if not isinstance(S, dict) or S.get("format") != "trex-accuracy-summary":
        sys.exit(f"acc_results: {a.summary}: not a trex accuracy-study summary (format 'trex-accuracy-summary')")
    L = S["lists"]
    b = L[0]
    ni = [q["name"] for q in S["nonideal"]]
    out = []
    w = out.append
    w("## Accuracy: float, integer and non-ideal, per reuse list (issue 12)")
    w("")
    w(f"Measured by `make accuracy` (`trex accuracy-study --plan {S['plan']}`"
      f"{', commit ' + a.commit if a.commit else ''}): model `{S['model']}` "
      f"({S['model_dir']}), the {S['images']} test images of {S['data']}, ideal tile "
      f"`{S['ideal_chip']['id']}`, EDAP and non-ideal runs on `{S['chip']['id']}` "
      f"({S['chip']['file']}; technology table {S['chip']['tech']}, "
      f"{S['chip'].get('dataflow', 'sequential')} dataflow). "
      "Intervals 95%: Wilson (one run), Student t over the device seeds (non-ideal), "
      "Newcombe's paired interval (ideal drops), t over per-seed paired drops "
      "(non-ideal drops); method and checks in docs/accuracy.md.")
    w("")
    w(T.headline(S))
    w("")
    f = S["float"]["top1"]
    if f is not None:
        d = b["ideal"]["top1"] - f
        w(f"Integer (ideal tile) minus float: {d:+.2f} points on the baseline "
          f"(issue 12's target: within 1 point).")
        w("")
    w("### Every list")
    w("")
    w(T.lists(S))
    w("")
    w("### The accuracy cost of each reuse count")
    w("")
    w(T.counts(S))
    w("")
    lim = S["at_drop_limit"]
    if lim.get("reuse") is not None:
        e = lim["edap"]
        w(f"**At about {lim['limit']:g} point of drop** (the largest EDAP reduction among the "
          f"evaluated lists whose measured ideal drop is at most {lim['limit']:g}): "
          f"`{lim['reuse']}`, drop {lim['drop']:+.2f} [{lim['drop_ci95'][0]:+.1f}, "
          f"{lim['drop_ci95'][1]:+.1f}], EDAP reduction {e['edap_reduction']:.3f}x, TOPS/mm^2 "
          f"gain {e['tops_per_mm2_gain']:.3f}x (paper, DeiT-S on ImageNet at about 1% drop: "
          "2.3x and 1.86x).")
        w("")
    w("### The search with the measured impact, and its choice evaluated exactly")
    w("")
    w("`impact.csv` (the single-encoder drops on the ideal tile): " +
      ", ".join(f"encoder {k}: {v:+.2f}" for k, v in S["impact"]["values"].items()) + ".")
    w("")
    w(T.search(S))
    w("")
    under = [c for c in S["search"] if c["feasible"] and c["exact_drop"] > c["estimated_drop"]]
    w(f"The additive estimate understates the exact drop for {len(under)} of "
      f"{sum(1 for c in S['search'] if c['feasible'])} budgets: the drops of single reuses do "
      "not add (a reusing encoder's source moves when its neighbour also reuses, and the TBs "
      "were trained per pair).")
    w("")
    w("### Does reuse change the robustness to non-idealities?")
    w("")
    w("Loss = ideal top-1 minus non-ideal top-1 of the same list (points, mean over seeds); "
      "the difference to the baseline's loss is paired per seed (the same device draws), "
      "t interval over the seeds. Positive: the list loses more than the baseline.")
    w("")
    w(T.robustness(S))
    w("")
    if S["images"] == S["nonideal_images"]:
        for n in ni:
            more = less = same = 0
            for e in L[1:]:
                if "nonideal" not in e:
                    continue
                cb, ce = b["nonideal"][n]["correct"], e["nonideal"][n]["correct"]
                v = [(e["ideal"]["correct"] - y) - (b["ideal"]["correct"] - x) for x, y in zip(cb, ce)]
                m = sum(v) / len(v)
                sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else 0
                h = T.T975.get(len(v) - 1, 1.96) * sd / math.sqrt(len(v)) if len(v) > 1 else 0
                if m - h > 0:
                    more += 1
                elif m + h < 0:
                    less += 1
                else:
                    same += 1
            w(f"- {n}: of {more + less + same} reuse lists, {more} lose significantly more than "
              f"the baseline, {less} significantly less, {same} within the interval.")
        w("")
    if "adc" in S:
        w("### Top-1 against ADC bits, rows per conversion and cell bits (ideal devices)")
        w("")
        w(T.adc(S))
        w("")
        w("![top-1 against ADC bits](results/accuracy-adc.png)")
        w("")
    w("![top-1 against EDAP reduction](results/accuracy-edap.png)")
    w("")
    if a.bench and os.path.exists(a.bench):
        with open(a.bench) as fb:
            B = json.load(fb)
        w("### Throughput (`make bench-accuracy`)")
        w("")
        w(f"{B['images']} images, reuse 1,3,5, median of {B['runs']} runs, each tool timing its own "
          f"loop (load average {B['loadavg']}): `trex accuracy` on the lossless tile "
          f"{B['trex_lossless_images_per_s']['cpu']} images per CPU second (the default chip), on the "
          f"6-bit ADC chip {B['trex_adc6_chip_images_per_s']['cpu']}, non-ideal (g_sigma 5%) "
          f"{B['trex_nonideal_images_per_s']['cpu']}; the PyTorch peer (`scripts/vit/inttorch.py`, "
          f"torch {B['torch']}, exact int64 products) {B['torch_1thread_images_per_s']['cpu']} with "
          f"1 thread; logits equal: {'yes' if B['logits_equal'] else 'no'}.")
        w("")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

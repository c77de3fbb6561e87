#!/usr/bin/python3
"""Markdown tables of a `trex accuracy-study` summary.json (docs/accuracy.md and
docs/results.md print what this gives; nothing is typed in by hand).

  acc_tables.py SUMMARY.json [--only NAME]

Tables: headline (float, integer ideal, non-ideal, baseline), lists (one row
per reuse list), counts (the accuracy cost of each reuse count), robustness
(does reuse change the loss a non-ideality causes?), search (estimate against
the exact evaluation), adc (the ADC sweep). Intervals are 95%; the methods are
the summary's ("intervals"). Run with /usr/bin/python3 (no third-party module).
"""
import argparse
import json
import math
import sys

# Student t 97.5% quantiles (the same table values test_acc.c checks)
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228}


def ci(a, b):
    return f"[{a:.1f}, {b:.1f}]"


def top(q):
    return f"{q['top1']:.2f} {ci(*q['ci95'])}"


def drop(d, lo, hi):
    return f"{d:+.2f} [{lo:+.1f}, {hi:+.1f}]"


def headline(S):
    b = S["lists"][0]
    f = S["float"]["top1"]
    rows = ["| quantity | top-1 % [95% interval] | method |", "| --- | --- | --- |"]
    rows.append(f"| float (PyTorch, trainer's record) | {f:.2f} | {S['float']['source']} |"
                if f is not None else "| float | not recorded | |")
    rows.append(f"| integer, ideal tile ({S['ideal_chip']['id']}) | {top(b['ideal'])} | "
                f"Wilson, {S['images']} images |")
    for q in S["nonideal"]:
        r = b["nonideal"][q["name"]]
        rows.append(f"| integer, non-ideal {q['name']}: `{q['spec']}` ({q['doc']}) | {top(r)} "
                    f"(sd {r['sd']:.2f}) | t over {q['seeds']} device seeds, {r['images']} images |")
    return "\n".join(rows)


def lists(S):
    ni = [q["name"] for q in S["nonideal"]]
    h = ["reuse", "n", "EDAP red.", "TOPS/mm2 gain", "float", "ideal top-1", "ideal drop"]
    h += [f"{n} top-1" for n in ni]
    rows = ["| " + " | ".join(h) + " |", "|" + " --- |" * len(h)]
    for e in S["lists"]:
        fl = f"{e['float_top1']:.2f}" if e["float_top1"] is not None else ""
        r = [f"`{e['reuse']}`", str(e["n_reused"]), f"{e['edap']['edap_reduction']:.3f}x",
             f"{e['edap']['tops_per_mm2_gain']:.3f}x", fl, top(e["ideal"]),
             drop(e["ideal"]["drop"], *e["ideal"]["drop_ci95"])]
        for n in ni:
            q = e.get("nonideal", {}).get(n)
            r.append(f"{top(q)}, drop {q['drop']:+.2f}" if q else "")
        rows.append("| " + " | ".join(r) + " |")
    return "\n".join(rows)


def counts(S):
    by = {}
    for e in S["lists"]:
        by.setdefault(e["n_reused"], []).append(e)
    ni = [q["name"] for q in S["nonideal"]]
    h = ["reused encoders", "lists", "EDAP red.", "ideal drop: best / mean / worst"]
    h += [f"{n} drop: best / mean / worst" for n in ni]
    rows = ["| " + " | ".join(h) + " |", "|" + " --- |" * len(h)]
    for k in sorted(by):
        es = by[k]
        reds = sorted({round(e["edap"]["edap_reduction"], 3) for e in es})
        d = [e["ideal"]["drop"] for e in es]
        r = [str(k), ", ".join(f"`{e['reuse']}`" for e in es),
             "/".join(f"{x:.3f}x" for x in reds),
             f"{min(d):+.2f} / {sum(d) / len(d):+.2f} / {max(d):+.2f}"]
        for n in ni:
            dn = [e["nonideal"][n]["drop"] for e in es if n in e.get("nonideal", {})]
            r.append(f"{min(dn):+.2f} / {sum(dn) / len(dn):+.2f} / {max(dn):+.2f}" if dn else "")
        rows.append("| " + " | ".join(r) + " |")
    return "\n".join(rows)


def robustness(S):
    """Loss a non-ideality causes (ideal - non-ideal, points) for a list against
    the baseline's, paired per seed (the same device draws): t over seeds."""
    n_id, n_ni = S["images"], S["nonideal_images"]
    if n_id != n_ni:
        return "(the non-ideal runs use fewer images than the ideal ones: not tabulated)"
    b = S["lists"][0]
    ni = [q["name"] for q in S["nonideal"]]
    h = ["reuse", "n"] + [f"{n}: loss, list - baseline" for n in ni]
    rows = ["| " + " | ".join(h) + " |", "|" + " --- |" * len(h)]
    for e in S["lists"][1:]:
        if "nonideal" not in e:
            continue
        r = [f"`{e['reuse']}`", str(e["n_reused"])]
        for n in ni:
            cb, ce = b["nonideal"][n]["correct"], e["nonideal"][n]["correct"]
            lb = [100.0 * (b["ideal"]["correct"] - c) / n_ni for c in cb]
            le = [100.0 * (e["ideal"]["correct"] - c) / n_ni for c in ce]
            v = [x - y for x, y in zip(le, lb)]
            m = sum(v) / len(v)
            if len(v) > 1:
                sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1))
                h2 = T975.get(len(v) - 1, 1.96) * sd / math.sqrt(len(v))
            else:
                h2 = 0
            r.append(f"{sum(le) / len(le):.2f} - {sum(lb) / len(lb):.2f} = {m:+.2f} "
                     f"[{m - h2:+.1f}, {m + h2:+.1f}]")
        rows.append("| " + " | ".join(r) + " |")
    return "\n".join(rows)


def search(S):
    ni = [q["name"] for q in S["nonideal"]]
    h = ["budget", "chosen list", "estimated drop (sum of singles)", "exact ideal drop",
         "EDAP red.", "TOPS/mm2 gain"] + [f"{n} drop" for n in ni]
    rows = ["| " + " | ".join(h) + " |", "|" + " --- |" * len(h)]
    for c in S["search"]:
        if not c["feasible"]:
            rows.append(f"| {c['budget']} | none feasible |" + " |" * (len(h) - 2))
            continue
        r = [f"{c['budget']} ({c['budget_ms']:.4g} ms)", f"`{c['reuse']}` ({c['resolved']})",
             f"{c['estimated_drop']:+.2f}", drop(c["exact_drop"], *c["exact_drop_ci95"]),
             f"{c['edap']['edap_reduction']:.3f}x", f"{c['edap']['tops_per_mm2_gain']:.3f}x"]
        for n in ni:
            q = c.get("exact_nonideal_drop", {}).get(n)
            r.append(drop(q["drop"], *q["ci95"]) if q else "")
        rows.append("| " + " | ".join(r) + " |")
    return "\n".join(rows)


def adc(S):
    if "adc" not in S:
        return "(no ADC sweep in this study)"
    A = S["adc"]
    rows = ["| rows | cell bits | ADC bits | lossless | top-1 % [95%] | holds (within "
            f"{A['hold_points']:g} of ideal) | baseline EDAP vs default chip |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for p in A["points"]:
        mark = " (default chip)" if p["default_chip"] else ""
        rows.append(f"| {p['rows']} | {p['cell_bits']} | {p['adc_bits']}{mark} | "
                    f"{'yes' if p['lossless'] else 'no'} | {p['top1']:.2f} {ci(*p['ci95'])} | "
                    f"{'yes' if p['holds'] else 'no'} | {p['edap_vs_default_chip']:.3f} |")
    rows.append("")
    rows.append(f"Smallest ADC on the study chip's rows and cells that holds: `{A['smallest_adc']}`; "
                f"least baseline EDAP among the chips that hold: `{A['least_edap']}`.")
    return "\n".join(rows)


TABLES = {"headline": headline, "lists": lists, "counts": counts, "robustness": robustness,
          "search": search, "adc": adc}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("summary")
    ap.add_argument("--only", choices=sorted(TABLES))
    a = ap.parse_args()
    with open(a.summary) as f:
        S = json.load(f)
    for name, fn in TABLES.items():
        if a.only and name != a.only:
            continue
        if not a.only:
            print(f"### {name}\n")
        print(fn(S))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

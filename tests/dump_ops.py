"""The op list of a `trex infer --dump` is the controller's (issue 17: the
one check, used by tests/encoder/run-intref.sh and tests/strat/run-intref.sh):
the model's own ops, then exactly the records of `trex schedule --json` for
the same model keys and reuse list, then the model's closing ops.
  dump_ops.py SCHED_JSON DUMP_JSON
Exit 0 when they agree; else one line saying how they differ, exit 1."""
import json
import sys

s = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
want = [("model", "patch_embed"), ("model", "pos_embed")]
want += [("enc%02d" % o["encoder"], o["op"]) for o in s["ops"]]
want += [("model", "final_ln"), ("model", "head")]
got = [(o["scope"], o["op"]) for o in d["ops"]]
if got != want or d["reuse"] != s["reuse"]:
    print("dump ops differ from the schedule's: %d vs %d ops, reuse '%s' vs '%s'" % (len(got), len(want), d["reuse"], s["reuse"]))
    sys.exit(1)

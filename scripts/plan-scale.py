#!/usr/bin/env python3
"""Projects the run time of measured plans on W workers (docs/slurm.md,
"What scales how").

usage: scripts/plan-scale.py [options] STAGE [STAGE ...]

STAGE is a run of scripts/plan-run.sh: its run directory OUT/sched/RUNID
(plan.tsv and status.tsv), or OUT itself (its newest run that has a
status.tsv). Several stages run one after another (a barrier between them,
as the prepare, check and prove plans of `make mutate`).

A command's DEP may name several commands (a,b,c: it is ready when all have
ended). Each command takes its measured CPU seconds (user + system of the command and
its children, column 5 of status.tsv; --time wall: its wall seconds, column
4) on one worker. The projection is list scheduling: a command is ready when
its dependencies have ended, ready commands start longest first on the first
free worker, each start costs --overhead seconds of that worker (Slurm's job
start), and every stage adds --stage-overhead seconds (submission and the
wait for the queue to drain). --serial adds the caller's own serial seconds
(plan generation, summaries).

Prints a table (markdown) of workers, projected seconds, speedup, efficiency;
the total work, the critical path and the serial fraction s = (critical path
+ serial) / (total work + serial), the Amdahl bound 1/s.

options:
  --workers LIST       comma-separated worker counts (default 1,2,4,8,16,32,64,128,256)
  --time cpu|wall      per-command figure (default cpu)
  --overhead S         seconds per command start (default 0)
  --stage-overhead S   seconds per stage (default 0)
  --serial S           serial seconds outside the plans (default 0)
  --json FILE          also write the figures as JSON
"""
import heapq
import json
import os
import sys


def die(msg):
    sys.stderr.write("plan-scale: " + msg + "\n")
    sys.exit(2)


def pick_run(path):
    if os.path.isfile(os.path.join(path, "status.tsv")):
        return path
    sd = os.path.join(path, "sched")
    if not os.path.isdir(sd):
        die(f"{path}: neither a run directory (status.tsv) nor a plan-run output (sched/)")
    runs = sorted(r for r in os.listdir(sd)
                  if os.path.isfile(os.path.join(sd, r, "status.tsv")))
    if not runs:
        die(f"{sd}: no run with a status.tsv")
    return os.path.join(sd, runs[-1])


def load_stage(path, col):
    run = pick_run(path)
    dep = {}
    order = []
    with open(os.path.join(run, "plan.tsv")) as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fl = line.split("\t")
            if len(fl) < 5:
                die(f"{run}/plan.tsv:{ln}: needs NAME DEP SEED RESULT ARGV...")
            # DEP: "-", a name, or a comma-separated list of names
            dep[fl[0]] = [] if fl[1] == "-" else fl[1].split(",")
            order.append(fl[0])
    secs = {}
    notdone = 0
    with open(os.path.join(run, "status.tsv")) as f:
        for ln, line in enumerate(f, 1):
            fl = line.rstrip("\n").split("\t")
            if len(fl) < 4:
                die(f"{run}/status.tsv:{ln}: needs NAME STATE ATTEMPTS SECONDS [CPU]")
            if fl[1] != "DONE":
                notdone += 1
            v = fl[col] if len(fl) > col else ""
            try:
                secs[fl[0]] = float(v)
            except ValueError:
                die(f"{run}/status.tsv:{ln}: '{v}' is not a number of seconds"
                    + (" (a status.tsv without the CPU column: use --time wall)" if col == 4 else ""))
    for n in order:
        for d in dep[n]:
            if d not in dep:
                die(f"{run}/plan.tsv: '{n}' depends on '{d}', which is not in the plan")
    missing = [n for n in order if n not in secs]
    if missing:
        die(f"{run}: '{missing[0]}' of plan.tsv has no line in status.tsv")
    return {"run": run, "order": order, "dep": dep, "secs": secs, "notdone": notdone}


def critical_path(st):
    """The longest chain of dependencies (seconds of its commands)."""
    memo = {}
    for n in st["order"]:
        stack = [n]
        while stack:
            k = stack[-1]
            if k in memo:
                stack.pop()
                continue
            todo = [d for d in st["dep"][k] if d not in memo]
            if todo:
                if len(stack) > len(st["order"]):
                    die(f"{st['run']}/plan.tsv: dependency cycle at '{k}'")
                stack.extend(todo)
                continue
            memo[k] = st["secs"][k] + max((memo[d] for d in st["dep"][k]), default=0.0)
            stack.pop()
    return max(memo.values()) if memo else 0.0


def simulate(st, w, over):
    """Makespan of one stage on w workers (list scheduling, longest first):
    a command is ready when all its dependencies have ended."""
    secs, dep = st["secs"], st["dep"]
    kids, waiting = {}, {}
    for n in st["order"]:
        waiting[n] = len(dep[n])
        for d in dep[n]:
            kids.setdefault(d, []).append(n)
    ready = [(-secs[n], i, n) for i, n in enumerate(st["order"]) if not dep[n]]
    heapq.heapify(ready)
    running = []              # (end time, seq, name)
    now, idle, seq = 0.0, w, len(st["order"])
    while ready or running:
        while ready and idle > 0:
            _, _, n = heapq.heappop(ready)
            seq += 1
            heapq.heappush(running, (now + over + secs[n], seq, n))
            idle -= 1
        now, _, n = heapq.heappop(running)
        idle += 1
        for k in kids.get(n, []):
            waiting[k] -= 1
            if waiting[k] == 0:
                seq += 1
                heapq.heappush(ready, (-secs[k], seq, k))
    return now


def main(argv):
    workers = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    col, over, sover, serial, jout = 4, 0.0, 0.0, 0.0, None
    stages = []
    i = 0
    while i < len(argv):
        a = argv[i]
        val = argv[i + 1] if i + 1 < len(argv) else None

        def num(name):
            try:
                x = float(val)
            except (TypeError, ValueError):
                die(f"{name} needs a number of seconds, not '{val}'")
            if x < 0 or x > 1e7:
                die(f"{name} must be in 0..1e7, not '{val}'")
            return x
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif a == "--workers":
            try:
                workers = [int(x) for x in (val or "").split(",")]
            except ValueError:
                die(f"--workers needs comma-separated counts, not '{val}'")
            if not workers or min(workers) < 1 or max(workers) > 100000:
                die(f"--workers needs counts in 1..100000, not '{val}'")
            i += 1
        elif a == "--time":
            if val not in ("cpu", "wall"):
                die(f"--time must be cpu or wall, not '{val}'")
            col = 4 if val == "cpu" else 3
            i += 1
        elif a == "--overhead":
            over = num(a); i += 1
        elif a == "--stage-overhead":
            sover = num(a); i += 1
        elif a == "--serial":
            serial = num(a); i += 1
        elif a == "--json":
            if val is None:
                die("--json needs a file")
            jout = val; i += 1
        elif a.startswith("-"):
            die(f"unknown option '{a}' (see --help)")
        else:
            stages.append(load_stage(a, col))
        i += 1
    if not stages:
        die("at least one STAGE is required (see --help)")
    work = sum(sum(s["secs"].values()) for s in stages)
    crit = sum(critical_path(s) for s in stages)
    ncmd = sum(len(s["order"]) for s in stages)
    fixed = serial + sover * len(stages)
    sfrac = (crit + fixed) / (work + fixed) if work + fixed > 0 else 1.0
    rows = []
    t1 = fixed + sum(simulate(s, 1, over) for s in stages)
    for w in workers:
        t = fixed + sum(simulate(s, w, over) for s in stages)
        rows.append({"workers": w, "seconds": round(t, 1),
                     "speedup": round(t1 / t, 2) if t > 0 else 0,
                     "efficiency": round(t1 / t / w, 3) if t > 0 else 0})
    print(f"| workers | projected s | speedup | efficiency |")
    print(f"| ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['workers']} | {r['seconds']:.1f} | {r['speedup']:.2f} | {r['efficiency']:.3f} |")
    print(f"\n{ncmd} commands in {len(stages)} stage(s); total work {work:.1f} s "
          f"({'CPU' if col == 4 else 'wall'}), critical path {crit:.1f} s, serial outside the "
          f"plans {fixed:.1f} s; serial fraction {sfrac:.4f} (Amdahl bound {1 / sfrac:.1f}x)")
    nd = sum(s["notdone"] for s in stages)
    if nd:
        print(f"note: {nd} command(s) did not end DONE; their measured seconds are used as they are")
    if jout:
        tmp = jout + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"stages": [s["run"] for s in stages], "commands": ncmd,
                       "work_seconds": round(work, 1), "critical_path_seconds": round(crit, 1),
                       "serial_seconds": fixed, "serial_fraction": round(sfrac, 5),
                       "time": "cpu" if col == 4 else "wall", "overhead": over,
                       "rows": rows}, f, indent=1)
        os.replace(tmp, jout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

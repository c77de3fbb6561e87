#!/usr/bin/env python3
"""Per-task scheduler figures of plan-run.sh runs on Slurm (docs/slurm.md,
"What scales how").

usage: scripts/slurm-overhead.py --jobcomp LOG [--cpus N] RUNDIR [RUNDIR ...]

RUNDIR is a Slurm run of scripts/plan-run.sh (OUT/sched/RUNID, or OUT for
its newest run): its stage directories hold `jobid` and the bundle lists
b<K> (the commands of array task K); state/ holds each command's measured
wall seconds. LOG is the cluster's completion log (jobcomp/filetxt: one line
per array task with SubmitTime, StartTime, EndTime, 1 s resolution).

For every array task: wait = start - submit; latency = start - the moment a
CPU was free for it (the later of its submission and the end of the task
that last held the CPU it got, when the node's --cpus CPUs run one task
each: the scheduler's own delay); run = end - start; overhead = run - the
wall seconds of its commands (the task's start-up, bash and plan-task.sh,
and the rounding of the log's seconds). Prints one line per run and the
totals: tasks, commands, mean and median latency and overhead.
"""
import os
import statistics
import sys
from datetime import datetime


def die(msg):
    sys.stderr.write("slurm-overhead: " + msg + "\n")
    sys.exit(2)


def parse_time(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S").timestamp()


def load_jobcomp(path):
    tasks = {}
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError as e:
        die(f"{path}: {e.strerror}")
    with fh:
        for ln, line in enumerate(fh, 1):
            f = dict(w.split("=", 1) for w in line.split() if "=" in w)
            try:
                key = (int(f["ArrayJobId"]), int(f["ArrayTaskId"]))
                tasks[key] = (parse_time(f["SubmitTime"]), parse_time(f["StartTime"]),
                              parse_time(f["EndTime"]), f.get("JobState", "?"))
            except (KeyError, ValueError):
                continue  # not an array task, or a field missing
    return tasks


def pick_run(path):
    if os.path.isfile(os.path.join(path, "plan.tsv")) and not os.path.isdir(os.path.join(path, "sched")):
        return path
    sd = os.path.join(path, "sched")
    runs = sorted(r for r in os.listdir(sd) if os.path.isdir(os.path.join(sd, r))) if os.path.isdir(sd) else []
    if not runs:
        die(f"{path}: not a plan-run run directory")
    return os.path.join(sd, runs[-1])


def load_run(run, comp):
    out = []
    for stage in sorted(os.listdir(run)):
        sdir = os.path.join(run, stage)
        jf = os.path.join(sdir, "jobid")
        if not os.path.isfile(jf):
            continue
        job = int(open(jf).read().strip())
        for b in os.listdir(sdir):
            if not (b.startswith("b") and b[1:].isdigit()):
                continue
            k = int(b[1:])
            names = [n for n in open(os.path.join(sdir, b)).read().split("\n") if n]
            secs = 0.0
            for n in names:
                st = os.path.join(run, "state", n.replace("/", "%"))
                if os.path.isfile(st):
                    f = open(st).read().split("\t")
                    if len(f) >= 3 and f[0] == "DONE":
                        secs += float(f[2])
            if (job, k) in comp:
                sub, start, end, state = comp[(job, k)]
                out.append({"sub": sub, "start": start, "end": end, "state": state,
                            "cmds": len(names), "secs": secs})
    return out


def main(argv):
    comp_path, cpus, runs = None, 2, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if a == "--jobcomp" and i + 1 < len(argv):
            comp_path = argv[i + 1]
            i += 2
            continue
        if a == "--cpus" and i + 1 < len(argv):
            try:
                cpus = int(argv[i + 1])
            except ValueError:
                die(f"--cpus: '{argv[i + 1]}' is not a count")
            if not 1 <= cpus <= 100000:
                die("--cpus must be 1..100000")
            i += 2
            continue
        if a.startswith("-"):
            die(f"unknown option '{a}' (see --help)")
        runs.append(a)
        i += 1
    if not comp_path or not runs:
        die("usage: slurm-overhead.py --jobcomp LOG [--cpus N] RUNDIR ... (see --help)")
    comp = load_jobcomp(comp_path)
    allt = []
    for r in runs:
        t = load_run(pick_run(r), comp)
        if not t:
            die(f"{r}: no array task of this run in {comp_path}")
        allt += t
        print(f"{r}: {len(t)} task(s), {sum(x['cmds'] for x in t)} command(s), "
              f"first submit to last end {max(x['end'] for x in t) - min(x['sub'] for x in t):.0f} s")
    # latency: list the tasks by start; each takes the CPU that became free first
    free = []
    allt.sort(key=lambda x: (x["start"], x["end"]))
    for x in allt:
        free = sorted(free)
        if len(free) < cpus:
            slot = x["sub"]
        else:
            slot = free.pop(0)
        x["lat"] = x["start"] - max(x["sub"], slot)
        free.append(x["end"])
    lat = [x["lat"] for x in allt]
    ovh = [x["end"] - x["start"] - x["secs"] for x in allt if x["state"] == "COMPLETED"]
    wait = [x["start"] - x["sub"] for x in allt]
    print(f"tasks {len(allt)}, commands {sum(x['cmds'] for x in allt)}")
    print(f"submit to start: mean {statistics.mean(wait):.1f} s, median {statistics.median(wait):.1f} s (includes waiting for a CPU)")
    print(f"scheduler latency (CPU free to start): mean {statistics.mean(lat):.2f} s, median {statistics.median(lat):.1f} s, max {max(lat):.0f} s")
    if ovh:
        print(f"start to end minus the commands' own seconds: mean {statistics.mean(ovh):.2f} s, median {statistics.median(ovh):.1f} s over {len(ovh)} completed task(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""aig-segind.py: segment induction on a gold/gate miter (a complete proof
method for designs that work in transactions).

Usage: aig-segind.py IN.aag OUT.aig --frames K --shape SPEC [--shape SPEC]...
                     [--tie NAME=VALUE]...

IN.aag is the miter that scripts/mutate-proof.sh builds (ASCII AIGER with
symbols, latches gold.<path> and gate.<path>, zero initial state, one
output that is 1 when a compared output differs; the wrapper's boot
registers gold.boot_q / gate.boot_q hold reset in frame 0). OUT.aig is a
combinational AIGER file whose outputs are proof obligations: the mutant
is equivalent to the original if every output is 0 for every input (a
SAT solver decides that: scripts/mutate-proof.sh --segment runs ABC).

The idea. Where plain induction and IC3 need an invariant that relates
the two copies in every state, a transaction-based design returns again
and again to a few state shapes (idle, holding a result) in which the two
copies agree register for register, apart from registers the design does
not read before it overwrites them. J, the invariant, is: the state has
one of the given shapes, and every register pair of the copies is equal
except the pairs that shape leaves free. The obligations, each a
combinational check on K frames unrolled from a free state:
  base     the state after the reset frame satisfies J (and the reset
           frame compares nothing);
  step     from any state satisfying J, for every input sequence of K
           frames: the compared outputs agree in every frame up to the
           first later frame whose state has one of the shapes; that
           frame's state satisfies J; and such a frame comes within K.
Every state reachable from reset then lies on a chain of segments that
start in J, so the outputs agree in every reachable frame. The proof is
sound whatever the shapes are: a wrong or too weak J makes an obligation
fail (no verdict), never a false proof.

A shape SPEC is a list of items separated by blanks:
  PATH=VALUE  the register PATH (the original's name in the flattened top,
              e.g. busy_q or u_ctl.cnt_q; a vector's bits PATH[b] take the bits of
              VALUE) holds VALUE in both copies (its pair equal)
  ~GLOB       register pairs whose path matches the shell pattern GLOB
              (any of a register's names) are free in this shape: they
              need not be equal
The boot registers are 1 in every shape. Registers without a partner in
the other copy are free.

Outputs of OUT.aig: 0 base; then for each shape s (1..), with the start
state of shape s: 3s-2 outputs differ before the next shape, 3s-1 a next
shape reached but not J, 3s no shape within K frames. Prints one line
per output to stdout, its number and meaning, then a summary line.
Exit 0, or 2 with a one-line error.
"""
import fnmatch
import importlib.util
import os
import sys


def load_regcorr():
    """aig-regcorr.py beside this script, as a module (its name holds a dash)"""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("aig_regcorr", os.path.join(here, "aig-regcorr.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.PROG = "aig-segind"
    return mod


rc = load_regcorr()
fail = rc.fail


class Builder(rc.Hasher):
    """A combinational AND graph (rc.Hasher) whose leaves are free inputs."""

    def leaf(self):
        return 2 * self.new(("i",))

    def OR(self, a, b):
        return self.AND(a ^ 1, b ^ 1) ^ 1

    def EQ(self, a, b):
        return self.OR(self.AND(a, b), self.AND(a ^ 1, b ^ 1))

    def write(self, path, outs):
        """binary AIGER, the cone of outs only; inputs are the leaves used"""
        need = set()
        stack = [o >> 1 for o in outs]
        while stack:
            n = stack.pop()
            if n == 0 or n in need:
                continue
            need.add(n)
            d = self.nodes[n - 1]
            if d[0] == "a":
                stack.append(d[1] >> 1)
                stack.append(d[2] >> 1)
        order = sorted(need)
        ins = [n for n in order if self.nodes[n - 1][0] == "i"]
        ans = [n for n in order if self.nodes[n - 1][0] == "a"]
        newv = {}
        for n in ins + ans:
            newv[n] = len(newv) + 1

        def nl(x):
            return x if x >> 1 == 0 else 2 * newv[x >> 1] + (x & 1)

        body = bytearray()
        for o in outs:
            body += ("%d\n" % nl(o)).encode()
        for n in ans:
            body += rc.aig_and_bytes(2 * newv[n], nl(self.nodes[n - 1][1]), nl(self.nodes[n - 1][2]))
        body += b"c\nmade by aig-segind.py\n"
        hdr = "aig %d %d 0 %d %d\n" % (len(newv), len(ins), len(outs), len(ans))
        rc.replace_file(path, hdr.encode() + body)
        return len(ins), len(ans)


def parse_shape(spec, by_name, gold_names):
    """-> (values {gold latch: bit}, free set of gold latches)"""
    vals, free = {}, set()
    for item in spec.split():
        if item.startswith("~"):
            pat = item[1:]
            hit = [li for li, nl in gold_names.items() if any(fnmatch.fnmatchcase(n, pat) for n in nl)]
            if not hit:
                fail("--shape '%s': no register matches %s" % (spec, pat))
            free.update(hit)
            continue
        path, eq, v = item.partition("=")
        if not eq:
            fail("--shape '%s': '%s' is neither PATH=VALUE nor ~GLOB" % (spec, item))
        try:
            val = int(v, 0)
        except ValueError:
            fail("--shape '%s': VALUE of '%s' must be an integer" % (spec, item))
        if val < 0:
            fail("--shape '%s': VALUE of '%s' must not be negative" % (spec, item))
        if path in by_name:
            bits = {0: by_name[path]}
        else:
            bits = {}
            for b in range(4096):
                k = "%s[%d]" % (path, b)
                if k not in by_name:
                    break
                bits[b] = by_name[k]
            if not bits:
                fail("--shape '%s': the original has no register %s" % (spec, path))
        if val >> len(bits):
            fail("--shape '%s': %d does not fit in the %d bits of %s" % (spec, val, len(bits), path))
        for b, li in bits.items():
            vals[li] = (val >> b) & 1
    return vals, free


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        sys.exit(0)
    args, ties, shapes, frames = [], {}, [], None
    i = 1
    while i < len(sys.argv):
        a = sys.argv[i]
        if a in ("--tie", "--shape", "--frames"):
            if i + 1 >= len(sys.argv):
                fail("%s needs a value" % a)
            v = sys.argv[i + 1]
            if a == "--shape":
                shapes.append(v)
            elif a == "--frames":
                try:
                    frames = int(v)
                except ValueError:
                    frames = -1
                if not 1 <= frames <= 10000:
                    fail("--frames %s: must be an integer 1..10000" % v)
            else:
                nm, val = rc.parse_tie(v)
                ties[nm] = val
            i += 2
            continue
        if a.startswith("-"):
            fail("unknown option '%s' (see --help)" % a)
        args.append(a)
        i += 1
    if len(args) != 2 or frames is None or not shapes:
        fail("usage: aig-segind.py IN.aag OUT.aig --frames K --shape SPEC... (see --help)")
    inp, outp = args
    M, inputs, latches, outputs, ands, names, inames = rc.read_aag(inp)
    if len(outputs) != 1:
        fail("%s: expected one miter output, found %d" % (inp, len(outputs)))
    tied = rc.tie_inputs(ties, inames)  # input index -> constant bit
    g = rc.Graph(M, inputs, latches, ands, tied, inp)
    # gate latch -> gold latch; also the registers without a public name
    # (the softmax row buffer's): J requires every pair, so a wrong
    # candidate only makes an obligation fail
    pair = rc.pair_latches(g, names, unnamed=True)
    gate_of = {o: gl for gl, o in pair.items()}
    gold_names, by_name = {}, {}
    boot = set()
    for li, nl in names.items():
        if all(n in rc.BOOT_NAMES for n in nl):
            boot.add(li)
            continue
        # the design sits in the wrapper as instance u: paths are its own
        gn = [n[7:] for n in nl if n.startswith("gold.u.")]
        if gn:
            gold_names[li] = gn
            for n in gn:
                by_name[n] = li
    if len(boot) < 2:
        fail("%s: no boot registers gold.boot_q / gate.boot_q (not a mutate-proof miter)" % inp)
    specs = [parse_shape(s, by_name, gold_names) for s in shapes]

    b = Builder()
    L = len(latches)

    def frame(state, first_init=False):
        """one frame: state = latch literals; -> (output literal, next state)"""
        canon = [0] * (M + 1)
        for k, v in enumerate(g.input_vars):
            canon[v] = tied[k] if k in tied else b.leaf()
        for li, l in enumerate(latches):
            canon[l[0] >> 1] = state[li]
        for v in g.order:
            r0, r1 = g.and_def[v]
            canon[v] = b.AND(canon[r0 >> 1] ^ (r0 & 1), canon[r1 >> 1] ^ (r1 & 1))

        def lit(x):
            return canon[x >> 1] ^ (x & 1)

        return lit(outputs[0]), [lit(l[1]) for l in latches]

    def shaped_J(state):
        """-> (some shape holds, J holds)"""
        sh, jj = 0, 0
        for vals, free in specs:
            s = 1
            for li in boot:
                s = b.AND(s, state[li])
            for li, v in vals.items():
                s = b.AND(s, state[li] ^ (v ^ 1))
                if li in gate_of and li in free:
                    # a free pair: the shape holds in both copies (an
                    # equal pair's partner follows from the equality)
                    s = b.AND(s, state[gate_of[li]] ^ (v ^ 1))
            e = s
            for gl, o in pair.items():
                if o not in free:
                    e = b.AND(e, b.EQ(state[gl], state[o]))
            sh = b.OR(sh, s)
            jj = b.OR(jj, e)
        return sh, jj

    outs, what = [], []
    # base: from the initial state through the reset frame
    init = [l[2] for l in latches]
    t0, s1 = frame(init)
    _, j1 = shaped_J(s1)
    outs.append(b.OR(t0, j1 ^ 1))
    what.append("base: the state after reset is not J")
    for si, (vals, free) in enumerate(specs, 1):
        st = [None] * L
        for li in boot:
            st[li] = 1
        for gl, o in pair.items():
            if o in free or o in boot or gl in boot:
                # (the boot pair is paired by name, but it is 1 in a
                # shape: a leaf there would let frame 0 reset, a
                # harmless widening that leaves the control symbolic)
                continue
            x = b.leaf()
            st[o] = x
            st[gl] = x
        for li in range(L):
            if st[li] is None:
                st[li] = b.leaf()
        for li, v in vals.items():
            st[li] = v
            if li in gate_of:
                st[gate_of[li]] = v
        seen = 0  # a shaped frame came after frame 0
        bad_out, bad_j = 0, 0
        for f in range(frames):
            t, st = frame(st)
            bad_out = b.OR(bad_out, b.AND(t, seen ^ 1))
            sh, jj = shaped_J(st)
            bad_j = b.OR(bad_j, b.AND(b.AND(sh, seen ^ 1), jj ^ 1))
            seen = b.OR(seen, sh)
        outs += [bad_out, bad_j, seen ^ 1]
        what += ["shape %d: outputs differ before the next shape" % si,
                 "shape %d: a next shape but not J" % si,
                 "shape %d: no shape within %d frames" % (si, frames)]
        sys.stderr.write("aig-segind: shape %d unrolled, %d nodes\n" % (si, len(b.nodes)))
    nin, nand = b.write(outp, outs)
    for k, (o, w) in enumerate(zip(outs, what)):
        print("%d %s%s" % (k, w, " (constant 0)" if o == 0 else ""))
    print("summary: %d register pairs, %d shapes, %d frames, %d inputs, %d AND nodes, %d of %d outputs constant 0"
          % (len(pair), len(specs), frames, nin, nand, sum(1 for o in outs if o == 0), len(outs)))


if __name__ == "__main__":
    main()

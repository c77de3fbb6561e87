"""cocotb testbench of the crossbar tile for `make bench` only (not part of
the product): drives the Verilated xbar_tile with a vector set's files
(weights.hex, inputs.hex) and checks every result word against expected.hex,
with the same protocol as testbench/tb_main.c (program every row, then per
vector: wait in_ready, present the input for one accept edge, wait
out_valid, take the result with out_ready held high).

Environment: BENCH_VEC (vector set directory), BENCH_COUNT (vectors to run,
a prefix of the set), BENCH_OUT (JSON result file).
"""
import json
import os
import time

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge


def read_hex(path):
    vals = []
    with open(path) as f:
        for line in f:
            line = line.split("//")[0].strip()
            if line:
                vals.append(int(line, 16))
    return vals


def pack(vals, bits):
    word = 0
    for k, v in enumerate(vals):
        word |= (v & ((1 << bits) - 1)) << (k * bits)
    return word


@cocotb.test()
async def bench(dut):
    vec = os.environ["BENCH_VEC"]
    count = int(os.environ["BENCH_COUNT"])
    with open(os.path.join(vec, "config.json")) as f:
        cfg = json.load(f)
    rows, outs = cfg["rows"], cfg["outs"]
    wb, xb = cfg["w_bits"], cfg["x_bits"]
    w = read_hex(os.path.join(vec, "weights.hex"))
    x = read_hex(os.path.join(vec, "inputs.hex"))
    y = read_hex(os.path.join(vec, "expected.hex"))
    count = min(count, len(x) // rows)
    wrow = [pack(w[i * outs:(i + 1) * outs], wb) for i in range(rows)]
    xin = [pack(x[v * rows:(v + 1) * rows], xb) for v in range(count)]

    cocotb.start_soon(Clock(dut.clk_i, 10, units="ns").start())
    dut.srst_ni.value = 0
    dut.wr_en_i.value = 0
    dut.in_valid_i.value = 0
    dut.out_ready_i.value = 1
    await FallingEdge(dut.clk_i)
    await FallingEdge(dut.clk_i)
    dut.srst_ni.value = 1

    t0 = time.process_time()
    w0 = time.monotonic()
    cycles = 0
    for i in range(rows):
        dut.wr_en_i.value = 1
        dut.wr_row_i.value = i
        dut.wr_data_i.value = wrow[i]
        await FallingEdge(dut.clk_i)
        cycles += 1
    dut.wr_en_i.value = 0
    mismatches = 0
    mask = (1 << 32) - 1
    for v in range(count):
        while not dut.in_ready_o.value:
            await FallingEdge(dut.clk_i)
            cycles += 1
        dut.in_valid_i.value = 1
        dut.in_data_i.value = xin[v]
        await FallingEdge(dut.clk_i)  # the rising edge in between accepts it
        cycles += 1
        dut.in_valid_i.value = 0
        while not dut.out_valid_o.value:
            await FallingEdge(dut.clk_i)
            cycles += 1
        out = dut.out_data_o.value.integer
        for j in range(outs):
            if (out >> (32 * j)) & mask != y[v * outs + j]:
                mismatches += 1
        await FallingEdge(dut.clk_i)  # out_ready high: taken at this edge
        cycles += 1
    cpu = time.process_time() - t0
    wall = time.monotonic() - w0
    res = {"count": count, "words": count * outs, "mismatches": mismatches,
           "cycles": cycles, "cpu_s": cpu, "mvm_per_s": count / cpu,
           "wall_mvm_per_s": count / wall}
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump(res, f)
    assert mismatches == 0, f"{mismatches} result words differ from expected.hex"

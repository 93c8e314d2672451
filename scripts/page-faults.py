#!/usr/bin/env python3
"""Which code touches the memory of a native executable's start-up: page faults per function.

Idle RSS of the native executable is mostly pages of the executable file itself (code and image
heap) that the start touches; the kernel maps file pages 64 KiB at a time around each fault
("fault-around", not switched off by MADV_RANDOM), so RSS follows how many places are touched.
This attributes each page fault of a start to every function on its stack (inclusive counts):

  1. build a profiling executable: append ",-H:-DeleteLocalSymbols,-H:+PreserveFramePointer" to
     quarkus.native.additional-build-args in application.properties, scripts/native-test.sh
     --build-only (do not commit that change: it is a profiling build);
  2. record a start:  perf record -e page-faults -c 1 -d -g -o faults.data -- \\
       target/native/trackway-*-runner -Dquarkus.http.port=5077   (stop it after the start)
  3. scripts/page-faults.py faults.data [rows] [text|heap|anon]

Regions: "text" = the code area, "heap" = the image heap mapped from the file, "anon" = the rest
(Java heap, malloc, stacks). Measured results: docs/benchmarks.md "Footprint".
"""
import collections
import re
import subprocess
import sys


def main():
    data = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    only = sys.argv[3] if len(sys.argv) > 3 else None
    out = subprocess.run(["perf", "script", "-i", data, "-F", "addr,ip,sym", "--show-mmap-events"],
                         capture_output=True, text=True, check=True).stdout
    heap, text = [], []
    inclusive, regions, counted = collections.Counter(), collections.Counter(), 0
    for block in out.split("\n\n"):
        lines = block.strip().splitlines()
        for line in lines:
            m = re.search(r"\[(0x[0-9a-f]+)\((0x[0-9a-f]+)\) @ \S+ .*\]: (\S+) \S*runner\S*$", line)
            if m:
                lo, size = int(m.group(1), 16), int(m.group(2), 16)
                (text if "x" in m.group(3) else heap).append((lo, size))
        lines = [line for line in lines if "PERF_RECORD" not in line]
        if not lines:
            continue
        head = lines[0].split()
        try:
            addr = int(head[0], 16)
        except (ValueError, IndexError):
            continue
        if any(lo <= addr < lo + size for lo, size in text):
            region = "text"
        elif any(lo <= addr < lo + size for lo, size in heap if lo > 0x7f0000000000):
            region = "heap"
        else:
            region = "anon"
        regions[region] += 1
        if only and region != only:
            continue
        counted += 1
        frames = [head[2] if len(head) > 2 else "?"] + [
            line.split()[1] if len(line.split()) > 1 else "?" for line in lines[1:]]
        for f in {re.sub(r"_[A-Za-z0-9]{20,}$", "", f) for f in frames}:
            inclusive[f] += 1
    print("faults by region", dict(regions), "counted", counted)
    for f, n in inclusive.most_common(rows):
        print(f"{n:6d} {100 * n / max(counted, 1):5.1f}% {f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Split the CDCP train gold file into two fixed halves by document, for
studying errors on one half (A) and checking on the other (B) whether a
change generalises.  A document goes to half A when the first byte of the
SHA-1 of its id ("cdcp-00195") is even, else to half B.  Nothing of the
corpus is written into the project: the halves go to OUTDIR (e.g. /tmp).
Usage: split_train.py ../shared/eval/cdcp/train.gold.jsonl OUTDIR
       -> OUTDIR/trainA.gold.jsonl, OUTDIR/trainB.gold.jsonl"""
import hashlib
import json
import os
import sys


def half(doc_id):
    return "A" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "B"


def main(gold, outdir):
    out = {h: open(os.path.join(outdir, f"train{h}.gold.jsonl"), "w", encoding="utf-8") for h in "AB"}
    n = {"A": [0, 0], "B": [0, 0]}
    for line in open(gold, encoding="utf-8"):
        d = json.loads(line)
        h = half(d["id"])
        out[h].write(line)
        n[h][0] += 1
        n[h][1] += len(d["proposals"])
    for h in "AB":
        out[h].close()
        print(f"half {h}: {n[h][0]} documents, {n[h][1]} proposals", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

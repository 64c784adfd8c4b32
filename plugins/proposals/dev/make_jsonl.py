#!/usr/bin/env python3
"""Turn own_comments.txt (format in its header) into own_comments.jsonl, the
gold format of ../shared/eval/FORMAT.md (proposer AUTHOR, no actors/blames).
Usage: make_jsonl.py own_comments.txt > own_comments.jsonl"""
import json
import sys


def main(path):
    docs, cur = [], None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("# ") or line == "#":
            continue
        if line.startswith("## "):
            cur = {"id": line[3:].split()[0], "source": "annotd own dev set", "paragraphs": [[]],
                   "actors": [], "blames": [], "proposals": [], "_n": 0}
            docs.append(cur)
        elif not line.strip():
            if cur and cur["paragraphs"][-1]:
                cur["paragraphs"].append([])
        elif line[:2] in ("+ ", "- "):
            text = line[2:]
            if line[0] == "+":
                cue, _, text = text.partition(" | ")
                cue, text = cue.strip(), text.strip()
                if cue and cue not in text:
                    sys.exit(f"{path}:{n}: cue {cue!r} not in sentence")
                cur["proposals"].append({"sent": cur["_n"], "proposer": "AUTHOR", "addressee": "",
                                         "cue": cue, "action": ""})
            cur["paragraphs"][-1].append(text.strip())
            cur["_n"] += 1
        else:
            sys.exit(f"{path}:{n}: bad line")
    for d in docs:
        if not d["paragraphs"][-1]:
            d["paragraphs"].pop()
        del d["_n"]
        print(json.dumps(d, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])

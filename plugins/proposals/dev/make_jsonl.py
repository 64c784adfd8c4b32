#!/usr/bin/env python3
"""Turn own_comments.txt (format in its header) into own_comments.jsonl, the
gold format of ../shared/eval/FORMAT.md (no actors/blames).  A proposal line
is "+ CUE | SENTENCE" (proposer AUTHOR) or "+ CUE | PROPOSER | ADDRESSEE |
ACTION | SENTENCE" (own_news*.txt).
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
                parts = [x.strip() for x in text.split("|")]
                if len(parts) == 5:  # CUE | PROPOSER | ADDRESSEE | ACTION | SENTENCE
                    cue, proposer, addressee, action, text = parts
                elif len(parts) == 2:  # CUE | SENTENCE: the writer's own voice
                    (cue, text), proposer, addressee, action = parts, "AUTHOR", "", ""
                else:
                    sys.exit(f"{path}:{n}: want 2 or 5 fields")
                if cue and cue not in text:
                    sys.exit(f"{path}:{n}: cue {cue!r} not in sentence")
                if action and action not in text:
                    sys.exit(f"{path}:{n}: action {action!r} not in sentence")
                if not proposer:
                    sys.exit(f"{path}:{n}: empty proposer")
                cur["proposals"].append({"sent": cur["_n"], "proposer": proposer, "addressee": addressee,
                                         "cue": cue, "action": action})
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

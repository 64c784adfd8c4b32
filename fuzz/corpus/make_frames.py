#!/usr/bin/env python3
"""Write the seed frames of fuzz_frame: annot.v1.Document messages built
from the seed texts in text/, encoded by hand (no protobuf module needed).
Run from anywhere: python3 fuzz/corpus/make_frames.py"""
import os

here = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1  # int64 as protobuf writes a negative one
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(num, value):
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value


def document(doc_id=None, source=None, title=None, text=None, lang=None, published=None, meta=()):
    out = b""
    for num, v in ((1, doc_id), (2, source), (3, title), (4, text), (5, lang), (6, published)):
        if v is not None:
            out += field(num, v)
    for k, v in meta:
        out += field(7, field(1, k) + field(2, v))
    return out


def main():
    frames = {}
    texts = sorted(f for f in os.listdir(os.path.join(here, "text")))
    for i, name in enumerate(texts):
        with open(os.path.join(here, "text", name), "rb") as f:
            text = f.read()
        frames["doc_" + name.replace(".txt", "")] = document(
            "seed-%d" % i, "wire/%d" % (i % 3), "Title %d" % i, text, "en",
            1764201600000 + i, [("url", "https://example.org/%d" % i)] if i % 2 else [])
    # the checks before the pipeline: no id (the daemon names it), an
    # empty text, bad UTF-8 in a field, a NUL inside the text (refused:
    # protobuf-c would cut the text there), a negative time, a field of a
    # newer sender (unknown number 9)
    frames["no_id"] = document(text="Ministers met in Brussels.")
    frames["empty_text"] = document("e1", text="")
    frames["bad_utf8_source"] = document("b1", b"wire\xc3(", text="Rain fell.")
    frames["nul_in_text"] = document("n1", text=b"Talks failed.\x00 The rest is cut.")
    frames["negative_time"] = document("t1", text="Old news.", published=-5)
    frames["unknown_field"] = document("u1", text="A new field follows.") + field(9, "future")
    frames["nul_in_meta"] = document("m1", text="Fine.", meta=[("k\x00", "v")])
    frames["twice"] = document("t2", text="First.") + field(4, "Second wins.") + field(1, "t3")
    out = os.path.join(here, "frame")
    os.makedirs(out, exist_ok=True)
    for name, data in frames.items():
        with open(os.path.join(out, name + ".pb"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

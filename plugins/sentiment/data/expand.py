#!/usr/bin/env python3
"""Expand lexicon.src (word groups with a part of speech) into lexicon.txt.

  python3 expand.py lexicon.src > lexicon.txt

See the header of lexicon.src for the source format and of the output for its format.
The first valence given to a form wins, except that a group whose header has '!'
([x! 1]) overrides earlier ones; conflicts are reported on stderr.
"""
import re
import sys

VOWELS = "aeiou"


def double_ok(w):
    """True when a monosyllable ends consonant-vowel-consonant (stop -> stopped)."""
    if len(w) < 3 or w[-1] in "wxy" or w[-1] in VOWELS:
        return False
    groups = re.findall(r"[aeiouy]+", w)
    return len(groups) == 1 and w[-2] in VOWELS and w[-3] not in VOWELS


def verb_forms(w, dbl):
    forms = [w]
    if w.endswith("e") and not w.endswith("ee"):
        stem = w[:-1]
        if w.endswith("ie"):
            forms += [w + "s", w + "d", w[:-2] + "ying"]
        else:
            forms += [w + "s", w + "d", stem + "ing"]
    elif w.endswith("ee"):
        forms += [w + "s", w + "d", w + "ing"]
    elif w.endswith("y") and w[-2:-1] not in VOWELS:
        forms += [w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    else:
        s = w + "es" if re.search(r"(s|x|z|ch|sh)$", w) else w + "s"
        if dbl or double_ok(w):
            forms += [s, w + w[-1] + "ed", w + w[-1] + "ing"]
        else:
            forms += [s, w + "ed", w + "ing"]
    # the gerund as a plural noun ("killings", "beatings")
    forms += [f + "s" for f in forms if f.endswith("ing")]
    return forms


def noun_forms(w):
    if w.endswith("s") and not w.endswith("ss"):
        return [w]
    if re.search(r"(ss|x|z|ch|sh)$", w):
        return [w, w + "es"]
    if w.endswith("y") and w[-2:-1] not in VOWELS:
        return [w, w[:-1] + "ies"]
    return [w, w + "s"]


def syllables(w):
    return len(re.findall(r"[aeiouy]+", w.rstrip("e")))


def comparatives(w):
    """-er/-est forms of a short adjective (kind -> kinder, happy -> happier,
    sad -> sadder, safe -> safer)."""
    if syllables(w) > 2 or re.search(r"(ful|ous|ive|ic|al|ed|ing|ent|ant|ish|less|st)$", w):
        return []
    if syllables(w) == 2 and not w.endswith("y"):
        return []
    if w.endswith("e"):
        return [w + "r", w + "st"]
    if w.endswith("y") and w[-2:-1] not in VOWELS:
        return [w[:-1] + "ier", w[:-1] + "iest"]
    if double_ok(w):
        return [w + w[-1] + "er", w + w[-1] + "est"]
    return [w + "er", w + "est"]


# adjectives whose derived forms are other words or not words at all
IRREGULAR = {"good", "bad", "ill", "far", "well", "fun", "hurt", "lost", "torn", "dead",
             "broken", "wrong", "right", "busy", "just", "mean", "sure", "fast", "hard"}


def ness(w):
    """The -ness noun, only for adjectives that form one (kind -> kindness, but not
    excellent -> *excellentness: those take -ence or -ity)."""
    if re.search(r"(ent|ant|ic|al|ing|ed|able|ible|ar|ate|ary|ory|ine|ile|id|ist|ian|ese|ial|ior)$", w):
        return []
    if w.endswith("y") and w[-2:-1] not in VOWELS:
        return [w[:-1] + "iness"]
    return [w + "ness"]


def adj_forms(w):
    if "-" in w or w.endswith("ly"):
        return [w]
    if w in IRREGULAR:
        return [w]
    return adj_base_forms(w) + comparatives(w) + ness(w)


def adj_base_forms(w):
    if w.endswith("ic"):
        return [w, w + "ally"]
    if w.endswith("le") and w[-3:-2] not in VOWELS:
        return [w, w[:-1] + "y"]
    if w.endswith("y") and len(w) > 3 and w[-2:-1] not in VOWELS:
        return [w, w[:-1] + "ily"]
    if w.endswith("ll"):
        return [w, w + "y"]
    return [w, w + "ly"]


def expand_multi(words, fn):
    """Inflect the head of a multi-word expression: the first word for verbs, the last
    for nouns."""
    if len(words) == 1:
        return [words[0]] if fn is None else fn(words[0])
    if fn is verb_forms_nodbl:
        return [" ".join([f] + words[1:]) for f in fn(words[0])]
    if fn is noun_forms:
        return [" ".join(words[:-1] + [f]) for f in fn(words[-1])]
    return [" ".join(words)]


def verb_forms_nodbl(w):
    return verb_forms(w, False)


def main(path):
    order, seen, dup = [], {}, 0
    pos, val, force = None, None, False
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^\[([vnax])(!?)\s+(-?\d+(?:\.\d+)?)\]\s*(.*)$", line)
            if m:
                pos, force, val = m.group(1), m.group(2) == "!", float(m.group(3))
                line = m.group(4)
            if pos is None:
                sys.exit(f"{path}:{ln}: words before a [POS VALENCE] header")
            for tok in line.split():
                dbl = tok.endswith("+")
                tok = tok.rstrip("+").lower()
                words = tok.split("_")
                if pos == "v":
                    forms = (verb_forms(tok, dbl) if len(words) == 1
                             else expand_multi(words, verb_forms_nodbl))
                elif pos == "n":
                    forms = expand_multi(words, noun_forms)
                elif pos == "a":
                    forms = adj_forms(tok) if len(words) == 1 else [" ".join(words)]
                else:
                    forms = [" ".join(words)]
                for fm in forms:
                    if fm in seen:
                        if seen[fm] != val:
                            dup += 1
                            print(f"{path}:{ln}: '{fm}' is {seen[fm]:g}, "
                                  f"{'now' if force else 'kept, not'} {val:g}", file=sys.stderr)
                        if not force:
                            continue
                    else:
                        order.append(fm)
                    seen[fm] = val
    print("# lexicon.txt — the sentiment plugin's valence lexicon (annotd).")
    print("# GENERATED from lexicon.src by expand.py; edit the source and re-run:")
    print("#   python3 expand.py lexicon.src > lexicon.txt")
    print("# Written for annotd by its authors; not taken from any other lexicon.")
    print("#")
    print("# Format: one entry a line: TERM <TAB> VALENCE")
    print("#   TERM     a word or a multi-word expression, lower case, words separated by")
    print("#            one space; a hyphen is matched whether or not it is written")
    print("#            (\"so-called\" also matches \"so called\")")
    print("#   VALENCE  a number from -4 (extremely negative) to +4 (extremely positive)")
    print("# Lines starting with '#' and blank lines are ignored.  A later entry for the same")
    print("# term replaces an earlier one (files given in the extra_lexicons option load")
    print("# after this one and so override it; a valence of 0 removes a term).")
    for fm in order:
        print(f"{fm}\t{seen[fm]:g}")
    print(f"{len(order)} entries ({dup} conflicting duplicates skipped)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lexicon.src")

#!/bin/sh
# The README's test command: install what is needed, build from scratch,
# run every test.  `scripts/test.sh --sanitize` does the same under
# AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
builddir="$root/build"
opts=
if [ "${1:-}" = "--sanitize" ]; then
  builddir="$root/build-asan"
  opts="-Db_sanitize=address,undefined -Db_lundef=false"
fi
rm -rf "$builddir"
meson setup "$builddir" "$root" $opts >/dev/null
ninja -C "$builddir"
# meson 1.0 does not fail a test on a UBSan report by itself
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?
# Criterion's own tally, across every test program
python3 - "$builddir/meson-logs/testlog.txt" <<'PY'
import re, sys
tested = passing = failing = crashing = 0
for m in re.finditer(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| Failing: (\d+) \| Crashing: (\d+)",
                     open(sys.argv[1], errors="replace").read()):
    t, p, f, c = map(int, m.groups())
    tested += t; passing += p; failing += f; crashing += c
print(f"criterion: {tested} tests, {passing} passing, {failing} failing, {crashing} crashing")
if tested == 0:
    print("criterion reported no test run"); sys.exit(1)
PY
exit $status

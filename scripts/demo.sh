#!/bin/sh
# The README's run command: install what is needed, build, start annotd
# with the default configuration, subscribe, send our sample articles and
# show their annotations arriving at the subscriber; then stop the daemon.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
[ -f "$root/build/build.ninja" ] || meson setup "$root/build" "$root" >/dev/null
ninja -C "$root/build" >/dev/null
annotd="$root/build/daemon/annotd"
annot="$root/build/clients/annot"
cfg="$root/config/annotd.ini"
"$annotd" --check-config "$cfg"
log=$(mktemp /tmp/annotd-demo-XXXXXX.log)
"$annotd" -c "$cfg" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
sleep 0.5
kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
n=$(ls "$root"/samples/*.txt | wc -l)
echo "== subscriber (annot sub --summary) waiting for $n documents"
"$annot" sub --summary -n "$n" --idle 15 &
sub=$!
sleep 0.5
echo "== sending the sample articles (annot send --text samples/*.txt)"
"$annot" send --text -s samples -q "$root"/samples/*.txt
wait $sub
echo "== one document in full (JSON, as dashboards receive it):"
"$annot" tag --text "$root/samples/01-trade-talks.txt" | python3 -m json.tool | head -n 60
kill -TERM $pid
wait $pid || true
trap - EXIT INT TERM
echo "== daemon log"
cat "$log"
rm -f "$log"

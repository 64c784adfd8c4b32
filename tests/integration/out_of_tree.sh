#!/bin/sh
# An outside author's plugin: install annotd into a staging root, build the
# installed example plugin against the installed header with pkg-config
# alone, and load it into the installed daemon.
set -eu
build=${ANNOT_BUILD_ROOT:?run through meson test}
tmp=$(mktemp -d /tmp/annot-oot-XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

meson install -C "$build" --destdir "$tmp/root" --no-rebuild >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; echo "FAIL: meson install"; exit 1; }
pc=$(find "$tmp/root" -name annot-plugin.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: annot-plugin.pc not installed"; exit 1; }
example=$(find "$tmp/root" -path '*/annot/examples/keywords.c' | head -n 1)
[ -n "$example" ] || { echo "FAIL: the example plugin's source is not installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR="$tmp/root"
cflags=$(pkg-config --cflags annot-plugin)
case "$cflags" in *"$tmp/root"*) ;; *) echo "FAIL: cflags '$cflags' do not point into the install"; exit 1;; esac
${CC:-cc} -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror $cflags -o "$tmp/mykw.so" "$example"
nm -D --defined-only "$tmp/mykw.so" | grep -q ' T annot_plugin_entry$' ||
  { echo "FAIL: the entry function is not exported"; exit 1; }
if nm -D --defined-only "$tmp/mykw.so" | grep ' T ' | grep -v annot_plugin_entry; then
  echo "FAIL: symbols other than the entry function are exported"; exit 1
fi

bindir=$(dirname "$(find "$tmp/root" -type f -name annotd | head -n 1)")
cat > "$tmp/annotd.ini" <<INI
[daemon]
input = ipc://$tmp/in
submit = ipc://$tmp/submit
publish = ipc://$tmp/publish
plugins = mykw
[plugin.mykw]
path = $tmp/mykw.so
keywords = hello
label = greeting
INI
"$bindir/annotd" -c "$tmp/annotd.ini" 2>"$tmp/annotd.log" &
pid=$!
i=0
while [ ! -S "$tmp/publish" ]; do
  i=$((i + 1)); [ $i -lt 500 ] || { cat "$tmp/annotd.log"; echo "FAIL: annotd did not start"; exit 1; }
  sleep 0.02
done
"$bindir/annot" sub -e "ipc://$tmp/publish" -n 1 --idle 10 >"$tmp/sub.out" 2>&1 &
subpid=$!
sleep 0.3
echo '{"id":"oot-1","source":"oot","text":"Hello from outside the tree."}' |
  "$bindir/annot" send -q -e "ipc://$tmp/submit" -t 10
wait "$subpid"
grep -q '"plugin":"mykw"' "$tmp/sub.out" && grep -q '"label":"greeting"' "$tmp/sub.out" ||
  { cat "$tmp/sub.out" "$tmp/annotd.log"; echo "FAIL: no tag from the out-of-tree plugin"; exit 1; }
kill -TERM "$pid"; wait "$pid"; pid=

# The installed tools find the installed plugins and their data relative to
# themselves (here inside the staging root), with no flags or environment.
out=$(echo '{"id":"i1","text":"Sanctions talks resumed in Geneva."}' | env -u ANNOT_PLUGIN_PATH "$bindir/annot" tag)
for p in actors sentiment blame proposals; do
  echo "$out" | grep -q "\"name\":\"$p\"" || { echo "$out"; echo "FAIL: installed annot tag did not run $p"; exit 1; }
done
if echo "$out" | grep -q '"error":'; then echo "$out"; echo "FAIL: a built-in plugin failed when installed"; exit 1; fi
echo "ok: out-of-tree plugin built with pkg-config and loaded by the installed annotd"

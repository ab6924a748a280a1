#!/usr/bin/env bash
# Start-up of `transfer4j run` (issue 19): a model script's first run (Kotlin compile, then cached), its second run
# (compiled jar from the cache), and `summary lenet5` (a command without a script), each in a fresh JVM, ROUNDS times,
# wall and CPU (user + sys) seconds and peak RSS from /usr/bin/time, with the load average before each round.
#   samples/src/bench/shell/script-startup.sh [ROUNDS=2] [LAUNCHER=./transfer4j]
# The script is two lines (a network and its summary), so the figures are start-up, not training.
set -euo pipefail
rounds="${1:-2}"
launcher="${2:-./transfer4j}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/startup.kts" <<'KTS'
val net = network("tiny") { input(28, 28, 1); conv(8, kernel = 3) { relu() }; globalAvgPool(); softmax(10) }
println(net.summary().totalParams())
KTS
measure() {   # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss < "$work/t"
  printf '%-22s wall %6.1f s   cpu %6.1f s   peak rss %5d MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}
for r in $(seq 1 "$rounds"); do
  echo "round $r: $(uptime | sed 's/.*load average/load average/')"
  home="$work/home$r"
  TRANSFER4J_HOME="$home" measure "run (compile)" "$launcher" run "$work/startup.kts"
  grep -q "compiled startup.kts" "$work/err" || { echo "expected a compile on the first run" >&2; exit 1; }
  TRANSFER4J_HOME="$home" measure "run (cached)" "$launcher" run "$work/startup.kts"
  if grep -q "compiled" "$work/err"; then echo "expected the cache on the second run" >&2; exit 1; fi
  TRANSFER4J_HOME="$home" measure "summary lenet5" "$launcher" summary lenet5
done

#!/usr/bin/env bash
# Builds and runs the projects in examples/ against the transfer4j artifacts in the local Maven repository
# (run `mvn -B install` first), exactly as an outside project would depend on them: no flags, no .mvn/ config.
# Also checks that their class paths carry no natives for another platform.
set -euo pipefail
cd "$(dirname "$0")"
status=0
for p in consumer-java consumer-kotlin; do
  echo "== examples/$p"
  list="$(mktemp)"
  mvn -B -q -f "$p/pom.xml" dependency:list -DoutputFile="$list" -DincludeScope=runtime
  foreign="$(grep -E 'org\.bytedeco:[^:]+-platform:|:(android|ios|macosx|windows)-[a-z0-9_]+:|:linux-(arm64|armhf|ppc64le|x86):' "$list" || true)"
  if [ -n "$foreign" ]; then
    echo "examples/$p: natives for another platform on the class path:" >&2; echo "$foreign" >&2; status=1
  fi
  echo "$p: $(grep -c ':jar:' "$list") jars on the run-time class path, none for another platform"
  rm -f "$list"
  if ! mvn -B -q -f "$p/pom.xml" compile exec:java; then
    echo "examples/$p: FAILED" >&2; status=1
  fi
done
exit $status

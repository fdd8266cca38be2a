#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the golden-model benchmarks with short but sane JMH settings,
# then prints images/s, binary GMAC/s and the ratio to the machine's popcount limit.
# Extra arguments go to JMH, e.g.:  bench/run.sh network -p arch=resnet20   or   bench/run.sh -i 5 -r 20s
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../scripts/env.sh"
require_mvn
cd "$here/.."
mvn -q -pl bench -am package -DskipTests
mkdir -p bench/target
# The script's JMH settings, each only where the user's arguments do not set it (JMH refuses an option given twice).
defaults=(-f 1 -wi 2 -i 3 -w 5s -r 10s -rf json -rff bench/target/jmh-result.json)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
    opt="${defaults[k]}"
    given=no
    for a in "$@"; do
        if [[ "$a" == "$opt" ]]; then
            given=yes
        fi
    done
    if [[ $given == no ]]; then
        args+=("$opt" "${defaults[k + 1]}")
    fi
done
exec java -cp bench/target/benchmarks.jar org.adabinhw.bench.BenchmarkSummary "${args[@]}" "$@"

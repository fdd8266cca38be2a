#!/usr/bin/env bash
# Records a newcomer's first steps in a pseudo-terminal (util-linux `script`) and checks that every long step shows
# progress: the first build of the tool, a Verilator build, and an `infer` of the example's 2,000 held-out digits.
#
#   scripts/first-ten-minutes.sh [TRANSCRIPT]     (default: a new file in the temporary directory, named at the end)
#
# It works on a fresh clone of this repository in the temporary directory (../shared beside it, as CI has it), so
# that the first build really is the first; the Verilator build is forced by a top-module name of this run's own.
# Exit 0 when every expected progress line is in the transcript, 1 when one is missing, 2 when it cannot run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v script >/dev/null || { echo "first-ten-minutes: needs util-linux 'script'" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/adabin-hw-session-XXXXXX")
transcript="${1:-$work/session.txt}"
git clone -q "$root" "$work/adabin-hw"
[ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"
top="session_$$_$(date +%s)"
steps="cd '$work/adabin-hw' && ./adabin-hw --help >/dev/null \
 && ./adabin-hw generate --top $top --out '$work/accel' \
 && ./adabin-hw verify '$work/accel' --input examples/mnist/heldout_u8.npy --images 2 \
 && ./adabin-hw infer --input examples/mnist/heldout_u8.npy --engine float --out '$work/logits.npy'"
script -q -e -c "bash -c \"$steps\"" "$transcript" >/dev/null
missing=0
for pattern in 'adabin-hw: building cli' 'adabin-hw: built in' \
    "verilator: building $top" "verilator: building $top.*: done in" \
    'infer (float engine): [0-9]*/2000 images, [0-9]* images/s, [0-9]* s left' 'top-1 accuracy (float engine): 1960 / 2000 = 98.00 %'; do
  if grep -aq -- "$pattern" "$transcript"; then
    echo "found:   $pattern"
  else
    echo "MISSING: $pattern"; missing=1
  fi
done
echo "transcript: $transcript"
exit $missing

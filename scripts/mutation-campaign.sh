#!/usr/bin/env bash
# The mutation campaign: single faults in the RTL cores and memory images, and whether the checks catch them.
#
#   scripts/mutation-campaign.sh [MUTANTS_PER_DESIGN]      (default 100; about 20 + 15 minutes for 2 x 100 on 2 cores)
#   STAGE=2 scripts/mutation-campaign.sh                   (stage 2 again on the last stage 1's survivors)
#
# Stage 1, MutationCampaignIT: each mutant of a generated design (the MNIST example, and a random network with the
# blocks the example lacks) runs through verify's instrumented build (Verilator, 30 % stalls on the ports and on
# every internal stream, every layer's output and every logit against the golden model, the simulator cycle for
# cycle). Stage 2: every core mutant that survived is tried on its block's own IT (the block's grid of
# configurations, under random back-pressure), with the mutated core read from a directory (StaticCores'
# adabin.cores.dir), so nothing is rebuilt or installed. The report: testbench/target/mutation-report.md.
# Exit 0 when every mutant that survives both stages is judged in docs/verification.md (its file and its text before
# and after, runs of white space as one space, as the report writes them), 1 otherwise, 2 when it cannot run.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/env.sh
n="${1:-100}"
mvnq() { mvn -B -o -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"; }

if [ "${STAGE:-1}" = 1 ]; then
  echo "mutation campaign, stage 1: $n mutants per design through verify's check" >&2
  mvnq verify -pl testbench -Dit.test=MutationCampaignIT -Dmutation.mutants="$n" > testbench/target/mutation-stage1.log 2>&1
fi
report=testbench/target/mutation-report.md
tsv=testbench/target/mutation-survivors.tsv
if [ ! -f "$report" ] || [ ! -f "$tsv" ]; then
  echo "mutation-campaign: stage 1 wrote no report (see testbench/target/mutation-stage1.log)" >&2
  exit 2
fi

# The block ITs of each core (a core shared by several blocks is tried on each).
its_of() {
  case "$1" in
    mul_split.v) echo "PiecewiseUnitIT,AffineUnitIT,HeadUnitIT" ;;
    mvu_drain.v) echo "BinaryMvuIT,RealMvuIT" ;;
    *) echo "$(basename "$1" .v | sed -E 's/(^|_)([a-z])/\U\2/g')IT" ;;
  esac
}

echo "mutation campaign, stage 2: the core survivors on their blocks' ITs" >&2
{
  echo
  echo "## Stage 2: core survivors on their block's IT"
  echo
  echo "| mutant | block ITs | outcome |"
  echo "|---|---|---|"
} >> "$report"
left=0
unjudged=0
squeeze() {  # a line of code with its runs of white space made one space, trimmed
  printf '%s' "$1" | sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//'
}
judge() {  # a survivor of both stages: judged in the docs?
  local key="$1: \`$(squeeze "$2")\` -> \`$(squeeze "$3")\`"
  if ! grep -qF -- "$key" docs/verification.md; then
    echo "NOT JUDGED: $key" >&2
    echo "- not judged in docs/verification.md: $key" >> "$report.unjudged"
    unjudged=$((unjudged + 1))
  fi
}
rm -f "$report.unjudged"
while IFS=$'\t' read -r file line before after; do
  case "$file" in rtl/*.v) ;; *) judge "$(echo "$file" | sed -E 's#^mem/mut_[a-z0-9]+_#mem/#')" "$before" "$after"; continue ;; esac
  core=$(basename "$file")
  src=$(find rtl-templates/src/main/resources/rtl -name "$core" | head -1)
  tmp=$(mktemp -d)
  cp -r rtl-templates/src/main/resources/rtl/. "$tmp/"
  target="$tmp/${src#rtl-templates/src/main/resources/rtl/}"
  BEFORE="$before" AFTER="$after" python3 - "$target" <<'PY'
import os, sys
p = sys.argv[1]
lines = open(p).read().split('\n')
before, after = os.environ['BEFORE'], os.environ['AFTER']
i = [l.strip() for l in lines].index(before.strip())
lines[i] = lines[i][:len(lines[i]) - len(lines[i].lstrip())] + after.strip()
open(p, 'w').write('\n'.join(lines))
PY
  its=$(its_of "$core")
  if mvnq verify -pl testbench -Dit.test="$its" -Dadabin.cores.dir="$tmp" > "$tmp/it.log" 2>&1; then
    outcome="survived"; left=$((left + 1))
  else
    if grep -q "Tests run:.*Failures: [1-9]\|Tests run:.*Errors: [1-9]" "$tmp/it.log"; then outcome="killed"; else outcome="error (see $tmp/it.log)"; left=$((left + 1)); fi
  fi
  echo "$file:$line $outcome on $its" >&2
  [ "$outcome" = killed ] || judge "$file" "$before" "$after"
  printf '| %s:%s `%s` -> `%s` | %s | %s |\n' "$file" "$line" "$(squeeze "$before" | sed 's/|/\\|/g')" "$(squeeze "$after" | sed 's/|/\\|/g')" "$its" "$outcome" >> "$report"
  [ "$outcome" = killed ] && rm -rf "$tmp"
done < "$tsv"
[ -f "$report.unjudged" ] && { echo; echo "## Not judged"; echo; cat "$report.unjudged"; } >> "$report"
echo "report: $report" >&2
cat "$report"
[ "$unjudged" = 0 ] && exit 0 || exit 1

#!/usr/bin/env bash
# Screenshots an HTML report (for example the one HtmlReport renders) with headless Chromium:
#   scripts/screenshot-report.sh REPORT.html OUT.png
# The window is 1280 wide and SCREENSHOT_HEIGHT tall (default: 2400, or the page's height when taller, measured
# on a copy of the page). Installs Chromium when it is missing and we are root. Fails with one line when Chromium fails or the page reports an error on its console (the report
# has no script, so any console message means something is wrong).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
report=$1
out=$2
if [ ! -f "$report" ]; then
  echo "screenshot-report: no such file: $report" >&2
  exit 1
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "screenshot-report: chromium is missing; install it with: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  echo "Installing Chromium (apt-get install -y chromium)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

abs_report=$(realpath "$report")
abs_out=$(realpath -m "$out")
mkdir -p "$(dirname "$abs_out")"
url="file://$(printf '%s' "$abs_report" | sed 's/%/%25/g; s/ /%20/g; s/#/%23/g; s/?/%3F/g')"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$abs_out"

# A private profile, so that runs beside another Chromium do not share (and lock) one.
browse() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" "$@"
}
height=${SCREENSHOT_HEIGHT:-}
if ! [[ "$height" =~ ^[0-9]*$ ]]; then
  echo "screenshot-report: SCREENSHOT_HEIGHT ($height) must be a number of pixels" >&2
  exit 2
fi
if [ -z "$height" ]; then
  # The report has no script: measure a copy with one that writes the page height into the DOM.
  { cat "$abs_report"; echo '<script>document.body.dataset.pageHeight = document.documentElement.scrollHeight</script>'; } \
    >"$work/measure.html"
  measured=$(browse --window-size=1280,2400 --dump-dom "file://$work/measure.html" 2>/dev/null \
    | grep -o -m 1 'data-page-height="[0-9]*"' | grep -o '[0-9][0-9]*' | head -n 1 || true)
  height=$(( ${measured:-0} > 2400 ? ${measured:-0} : 2400 ))
fi
if ! browse --window-size=1280,"$height" --enable-logging=stderr --v=0 --screenshot="$abs_out" "$url" \
    >"$work/log" 2>&1; then
  echo "screenshot-report: chromium failed on $report: $(grep -v -e dbus -e '^$' "$work/log" | tail -n 1)" >&2
  exit 1
fi
console='Uncaught|ERROR:CONSOLE|:CONSOLE[:(]'
if grep -qE "$console" "$work/log"; then
  echo "screenshot-report: console error in $report: $(grep -m 1 -E "$console" "$work/log" | sed 's/^\[[^]]*\] *//')" >&2
  exit 1
fi
if [ ! -s "$abs_out" ]; then
  echo "screenshot-report: chromium wrote no screenshot to $out" >&2
  exit 1
fi
echo "$out"

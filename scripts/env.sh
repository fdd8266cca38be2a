# Sourced by ./adabin-hw, ./run-tests and .ci/run: finds a JDK >= 21 and sets JAVA_HOME and MAVEN_OPTS.
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
find_jdk() {
  local cand
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    local v; v=$(jdk_major "$cand")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$cand"; return 0; fi
  done
  return 1
}
if ! ADABIN_JDK=$(find_jdk); then
  echo "adabin-hw needs a JDK 21 or newer; none found under \$JAVA_HOME or /usr/lib/jvm." >&2
  echo "Install one, e.g.: apt-get install -y openjdk-21-jdk-headless" >&2
  exit 1
fi
export JAVA_HOME="$ADABIN_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Quiet the JDK 24+ warnings that Maven's own libraries trigger.
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
require_mvn() {
  command -v mvn >/dev/null 2>&1 && return 0
  echo "Installing Maven (apt-get install -y maven)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >&2
}
require_eda() {
  local missing=()
  command -v verilator >/dev/null 2>&1 || missing+=(verilator)
  command -v iverilog >/dev/null 2>&1 || missing+=(iverilog)
  command -v yosys >/dev/null 2>&1 || missing+=(yosys)
  command -v nextpnr-ice40 >/dev/null 2>&1 || missing+=(nextpnr-ice40)
  command -v icepack >/dev/null 2>&1 || missing+=(fpga-icestorm)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} (apt-get install -y ${missing[*]})..." >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "not root: install them yourself with: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

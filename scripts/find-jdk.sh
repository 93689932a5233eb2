# Sourced by ./netsweep and ./run-tests: sets NETSWEEP_JAVA_HOME to a JDK >= 25, or prints one line and fails.
# Looks at JAVA_HOME first, then every JDK under /usr/lib/jvm (NETSWEEP_JVM_ROOT), then the java on PATH.
# Reads each JDK's `release` file instead of starting a JVM, so the search costs a few milliseconds.

netsweep_jdk_major() { # $1 = JDK home; prints its feature version or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -r "$rel" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  printf '%s' "$v"
}

netsweep_find_jdk() {
  local candidates=() c major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in "${NETSWEEP_JVM_ROOT:-/usr/lib/jvm}"/*; do [ -d "$c" ] && candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    major=$(netsweep_jdk_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      # JAVA_HOME wins when it qualifies; otherwise take the newest.
      if [ -n "${JAVA_HOME:-}" ] && [ "$c" = "$JAVA_HOME" ]; then best=$c; break; fi
      if [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
    fi
  done
  if [ -z "$best" ]; then
    echo "netsweep: needs a JDK 25 or newer (none in JAVA_HOME, /usr/lib/jvm or PATH); install one, e.g. Temurin 25 (apt-get install temurin-25-jdk) or any OpenJDK 25, and set JAVA_HOME to it" >&2
    return 1
  fi
  NETSWEEP_JAVA_HOME=$best
}

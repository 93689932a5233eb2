# Sourced by ./netsweep and ./run-tests: sets NETSWEEP_JAVA_HOME to a JDK >= 25, or prints one line and fails.
# Looks at JAVA_HOME first, then the newest JDK under /usr/lib/jvm (NETSWEEP_JVM_ROOT), then the java on PATH.
# Reads each JDK's `release` file with shell builtins instead of starting a JVM or other programs, and stops
# at a qualifying JAVA_HOME, so the search costs about a millisecond: it is paid on every netsweep start.

netsweep_jdk_major_of() { # $1 = JDK home; sets NETSWEEP_JDK_MAJOR to its feature version, or empty
  local rel="$1/release" line v
  NETSWEEP_JDK_MAJOR=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -r "$rel" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"[0-9]*)
        v=${line#JAVA_VERSION=\"}
        NETSWEEP_JDK_MAJOR=${v%%[!0-9]*}
        return 0 ;;
    esac
  done < "$rel"
}

netsweep_jdk_major() { # $1 = JDK home; prints its feature version or nothing
  netsweep_jdk_major_of "$1"
  printf '%s' "$NETSWEEP_JDK_MAJOR"
}

netsweep_find_jdk() {
  local c best="" best_major=0 java_on_path
  # JAVA_HOME wins when it qualifies; otherwise take the newest.
  if [ -n "${JAVA_HOME:-}" ]; then
    netsweep_jdk_major_of "$JAVA_HOME"
    if [ -n "$NETSWEEP_JDK_MAJOR" ] && [ "$NETSWEEP_JDK_MAJOR" -ge 25 ]; then
      NETSWEEP_JAVA_HOME=$JAVA_HOME
      return 0
    fi
  fi
  for c in "${NETSWEEP_JVM_ROOT:-/usr/lib/jvm}"/*; do
    [ -d "$c" ] || continue
    netsweep_jdk_major_of "$c"
    if [ -n "$NETSWEEP_JDK_MAJOR" ] && [ "$NETSWEEP_JDK_MAJOR" -ge 25 ] && [ "$NETSWEEP_JDK_MAJOR" -gt "$best_major" ]; then
      best=$c
      best_major=$NETSWEEP_JDK_MAJOR
    fi
  done
  # The java on PATH only when /usr/lib/jvm has none (resolving its link costs a few programs).
  if [ -z "$best" ] && java_on_path=$(command -v java 2>/dev/null); then
    c=$(dirname "$(dirname "$(readlink -f "$java_on_path")")")
    netsweep_jdk_major_of "$c"
    if [ -n "$NETSWEEP_JDK_MAJOR" ] && [ "$NETSWEEP_JDK_MAJOR" -ge 25 ]; then
      best=$c
    fi
  fi
  if [ -z "$best" ]; then
    echo "netsweep: needs a JDK 25 or newer (none in JAVA_HOME, /usr/lib/jvm or PATH); install one, e.g. Temurin 25 (apt-get install temurin-25-jdk) or any OpenJDK 25, and set JAVA_HOME to it" >&2
    return 1
  fi
  NETSWEEP_JAVA_HOME=$best
}

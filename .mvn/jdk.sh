# shellcheck shell=sh
# Selects a JDK 25+ for the build and the bin/ scripts; sourced by mvnw, bin/* and .ci/run.
# Order: $JAVA_HOME if it is 25+, then `java` on PATH, then the usual install places.
# Exits with a message that says what to install when none is found.

mp4j_java_major() { # $1 = JDK home; prints the feature version or nothing
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  fi
  printf '%s' "$v"
}

mp4j_select_jdk() {
  case "$(uname -s)" in
    Linux) ;;
    *) echo "multiprocessing4j builds and runs on Linux only (found $(uname -s))." >&2; return 1 ;;
  esac
  _mp4j_found=""
  _mp4j_seen=""
  _mp4j_glob_was_off=0
  case $- in *f*) _mp4j_glob_was_off=1; set +f ;; esac
  _mp4j_path_java=$(command -v java 2>/dev/null || true)
  _mp4j_path_home=""
  [ -n "$_mp4j_path_java" ] && _mp4j_path_home=$(dirname "$(dirname "$(readlink -f "$_mp4j_path_java")")")
  for h in "${JAVA_HOME-}" "$_mp4j_path_home" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$h" ] && [ -x "$h/bin/javac" ] || continue
    m=$(mp4j_java_major "$h")
    _mp4j_seen="$_mp4j_seen $h(${m:-?})"
    if [ -n "$m" ] && [ "$m" -ge 25 ]; then _mp4j_found="$h"; break; fi
  done
  [ "$_mp4j_glob_was_off" = 1 ] && set -f
  if [ -z "$_mp4j_found" ]; then
    {
      echo "multiprocessing4j needs a JDK 25 or newer, and none was found."
      echo "  looked at:${_mp4j_seen:- nothing (no JAVA_HOME, no java on PATH, nothing under /usr/lib/jvm)}"
      echo "  install one (e.g. Eclipse Temurin 25: 'apt-get install temurin-25-jdk' from the Adoptium repository,"
      echo "  or any OpenJDK 25 build) and either put it under /usr/lib/jvm or set JAVA_HOME to it."
    } >&2
    return 1
  fi
  JAVA_HOME="$_mp4j_found"
  export JAVA_HOME
}

#!/usr/bin/env bash
# Installs what the Java example client (examples/java, tests/examples.rs) needs, from
# Debian's packages only: a JDK, Maven, JAX-WS RI 2.3 (`wsimport` and its runtime) and the
# Maven plugins the example's pom.xml names. No Maven repository is reached: Maven reads
# Debian's local repository /usr/share/maven-repo (examples/java/settings-debian.xml).
# Then builds the example once, so that later builds only compile.
#
#   bash scripts/install-java-client.sh
#
# Idempotent: what is already there is kept. Needs root (or sudo) for apt-get.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# command → Debian package; then the Maven plugins (no command of their own).
APT_PACKAGES=(
    default-jdk-headless maven jaxws libjaxws-java
    libmaven-resources-plugin-java libmaven-compiler-plugin-java libsurefire-java
    libmaven-jar-plugin-java libexec-maven-plugin-java libbuild-helper-maven-plugin-java
)

LOG_NAME=install-java-client
. "$REPO/scripts/lib/apt.sh"

mapfile -t missing < <(apt_missing "${APT_PACKAGES[@]}")
# A JDK that came otherwise than from default-jdk-headless will do.
if command -v javac >/dev/null 2>&1; then
    missing=("${missing[@]/default-jdk-headless}")
fi
read -r -a missing <<<"${missing[*]}"
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
else
    log "JDK, Maven, JAX-WS RI and the Maven plugins already installed"
fi

for c in java javac mvn wsimport; do
    command -v "$c" >/dev/null 2>&1 || die "$c not found after the install"
done

# First build: copies the plugins and the JAX-WS runtime from /usr/share/maven-repo into
# ~/.m2, generates the client from wsdl/ and compiles it.
log "building examples/java once (mvn package)"
mvn -q -B -Dstyle.color=never -s "$REPO/examples/java/settings-debian.xml" -f "$REPO/examples/java/pom.xml" package
log "ok: $(java -version 2>&1 | head -n1), $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g'), wsimport from JAX-WS RI $(dpkg-query -W -f='${Version}' jaxws)"

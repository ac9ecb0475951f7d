#!/usr/bin/env bash
# Installs the independent SOAP clients the interoperability tests drive
# (tests/interop.rs, tests/examples.rs): PHP's SoapClient (Debian php-cli +
# php-soap), Python's zeep in a virtual environment, and the Java JAX-WS client
# of examples/java (scripts/install-java-client.sh: JDK, Maven, wsimport, all
# from Debian).
#
#   bash scripts/install-test-clients.sh
#   cargo test --test interop -- --ignored
#
# Idempotent: what is already there is kept. The venv goes to $PASSERELLE_VENV
# (default: <repo>/.venv). Needs root (or sudo) for apt-get when PHP is missing.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PASSERELLE_VENV:-$REPO/.venv}"
ZEEP_VERSION="4.3.3"
APT_PACKAGES=(php-cli php-soap)

LOG_NAME=install-test-clients
. "$REPO/scripts/lib/apt.sh"

# --- PHP SoapClient ---------------------------------------------------------
mapfile -t missing < <(apt_missing "${APT_PACKAGES[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
else
    log "php-cli and php-soap already installed"
fi

# --- zeep in a venv -----------------------------------------------------------
PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null 2>&1 || die "$PY not found"
if [ ! -x "$VENV/bin/python" ]; then
    log "creating the venv $VENV"
    "$PY" -m venv "$VENV"
fi
if "$VENV/bin/python" - "$ZEEP_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if version("zeep") == sys.argv[1] else 1)
EOF
then
    log "zeep $ZEEP_VERSION already installed in $VENV"
else
    log "installing zeep==$ZEEP_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "zeep==$ZEEP_VERSION"
fi

# --- checks -------------------------------------------------------------------
php -m | grep -i '^soap$' >/dev/null || die "PHP has no soap extension (php -m)"
"$VENV/bin/python" -c 'import zeep' || die "zeep cannot be imported from $VENV"
log "ok: $(php -r 'echo "PHP ", PHP_VERSION;') with soap; zeep $("$VENV/bin/python" -c 'import zeep; print(zeep.__version__)') in $VENV"

# --- Java JAX-WS (examples/java) -------------------------------------------------
bash "$REPO/scripts/install-java-client.sh"

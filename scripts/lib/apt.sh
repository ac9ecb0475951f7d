# Shared by the install scripts (sourced, not run): logging, root, Debian packages.
# The caller sets LOG_NAME before sourcing.

log() { printf '[%s] %s\n' "${LOG_NAME:-install}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

# apt_missing PKG...: prints the packages of the list that are not installed, one per line.
apt_missing() {
    local p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            printf '%s\n' "$p"
        fi
    done
}

# apt_install PKG...: installs them (nothing to do for an empty list).
apt_install() {
    [ "$#" -gt 0 ] || return 0
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
    log "installing $* (apt-get)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

#!/bin/sh
# Installs Debian's headless Chromium and its WebDriver (chromedriver) for the
# browser test of the admin pages (tests/admin_browser.rs, `#[ignore]`d):
#   scripts/install-browser.sh && cargo test --test admin_browser -- --ignored
# Idempotent: does nothing when both are already installed.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null || true)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
chromium --version
chromedriver --version

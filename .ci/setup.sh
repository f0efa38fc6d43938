#!/usr/bin/env bash
# Idempotent machine setup for building and testing Vigie (`make setup`, run first by every
# make target). Fast when everything is present: each step checks before it installs.
# Recipe and traps: shared/reference/toolchain.md (wasm-bindgen-cli without --locked,
# no npm package that downloads a browser or driver, Debian's binaryen is not used).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

# Debian packages: the two browsers and their drivers, zip for the store packages.
APT_PACKAGES=(chromium chromium-driver firefox-esr zip)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=900 "${missing[@]}"
fi

# Rust: the toolchain pinned in rust-toolchain.toml, with the wasm target.
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock (toolchain.md, gotcha 2);
# --locked fails on this registry (gotcha 1).
[ -f Cargo.lock ] || cargo generate-lockfile
WBV=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qF " $WBV"; then
  log "installing wasm-bindgen-cli $WBV (a few minutes)"
  cargo install wasm-bindgen-cli --version "$WBV" --force
fi

# geckodriver for the Firefox tests (the npm package downloads from GitHub: not usable here).
command -v geckodriver >/dev/null || { log "installing geckodriver"; cargo install geckodriver --locked; }

# Dev tools of the extension (playwright-core, selenium-webdriver, web-ext, binaryen, jsdom).
if [ ! -f extension/node_modules/.package-lock.json ] || [ extension/package-lock.json -nt extension/node_modules/.package-lock.json ]; then
  log "npm ci in extension/"
  (cd extension && npm ci --no-audit --no-fund --loglevel=error)
fi

#!/usr/bin/env bash
# Installs what the wasm tests need, each step only when missing (idempotent):
# the wasm32 target, wasm-bindgen-cli at the exact version of the
# wasm-bindgen crate in Cargo.lock, pre-commit (PyPI) in a venv under
# ~/.cache/candor, Chromium, and playwright-core (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$want" != "$have" ]; then
  # Not --locked: the CLI's lockfile pins a webpki-roots the registry no
  # longer resolves (shared/notes/crates.md).
  cargo install wasm-bindgen-cli --version "$want"
fi

venv="$HOME/.cache/candor/venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pre-commit
fi

if [ ! -x /usr/bin/chromium ] && [ -z "${CANDOR_CHROMIUM:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
fi

if [ ! -d wasm/tests/node_modules/playwright-core ]; then
  npm ci --prefix wasm/tests --no-audit --no-fund
fi

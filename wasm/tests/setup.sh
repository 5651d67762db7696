#!/usr/bin/env bash
# Installs what the wasm tests need, each step only when missing (idempotent):
# the wasm32 target, wasm-bindgen-cli at the exact version of the
# wasm-bindgen crate in Cargo.lock, pre-commit (PyPI) in a venv under
# ~/.cache/candor, Chromium, and playwright-core (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The tools the steps below use to install the rest: say which is missing
# and how to get it, before anything runs.
missing=0
need() { # need TOOL WHAT INSTALL-COMMAND
  if ! command -v "$1" >/dev/null 2>&1; then
    printf 'setup.sh: missing %s: %s\n' "$2" "$3" >&2
    missing=1
  fi
}
need rustup "rustup (Rust)" "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh"
need cargo "cargo (Rust)" "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh"
need python3 "python3 with venv (for pre-commit)" "apt-get install -y python3 python3-venv"
need npm "npm (Node.js 18 or later)" "apt-get install -y nodejs npm"
if [ ! -x /usr/bin/chromium ] && [ -z "${CANDOR_CHROMIUM:-}" ]; then
  need apt-get "Chromium (or set CANDOR_CHROMIUM to a Chromium binary)" "apt-get install -y chromium"
fi
[ "$missing" = 0 ] || exit 1

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ -z "$want" ]; then
  echo "setup.sh: no wasm-bindgen crate in Cargo.lock; run \`cargo generate-lockfile\`" >&2
  exit 1
fi
if [ "$want" != "$have" ]; then
  echo "setup.sh: installing wasm-bindgen-cli $want (found: ${have:-none}): cargo install wasm-bindgen-cli --version $want" >&2
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

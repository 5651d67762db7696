#!/usr/bin/env python3
"""A deterministic synthetic monorepo of N files for scaling benchmarks.

    benches/gen-monorepo.py 100000 /tmp/monorepo-100k

Packages of 100 files each, in the mix of a service monorepo: Python modules
and their tests, TypeScript components and specs, a README with a readiness
claim, a pyproject.toml or package.json, a Dockerfile, a compose file, a CI
workflow, SQL migrations and an .env.example. One file in 50 carries a planted
finding (a token, a mock in an integration test, a fake implementation), so
every family has work to do. The same N always gives the same bytes.
"""

import os
import random
import sys

PY_MODULE = '''"""Service module {pkg}.{i}."""
import logging

from .models import Record

log = logging.getLogger(__name__)


def handle_{i}(event, store):
    items = [Record(x, x * {i}) for x in range(event.get("count", 10))]
    total = sum(r.value for r in items)
    log.info("handled %d items", len(items))
    store.save(items)
    return {{"status": 200, "total": total}}


class Worker{i}:
    def __init__(self, client):
        self.client = client

    def run(self, batch):
        results = []
        for job in batch:
            results.append(self.client.submit(job, priority={p}))
        return results
'''

PY_TEST = '''from {pkg}.mod{i} import handle_{i}


class Store:
    def __init__(self):
        self.saved = []

    def save(self, items):
        self.saved.extend(items)


def test_handle_{i}():
    store = Store()
    out = handle_{i}({{"count": 3}}, store)
    assert out["status"] == 200
    assert len(store.saved) == 3
'''

TS_COMPONENT = '''import {{ useState }} from "react";
import {{ fetchItems }} from "../api/client";

export interface Item{i} {{
  id: string;
  label: string;
  score: number;
}}

export function List{i}({{ filter }}: {{ filter: string }}) {{
  const [items, setItems] = useState<Item{i}[]>([]);
  async function load() {{
    const res = await fetchItems("{pkg}", filter);
    setItems(res.filter((x) => x.score > {p}));
  }}
  return <ul onClick={{load}}>{{items.map((x) => <li key={{x.id}}>{{x.label}}</li>)}}</ul>;
}}
'''

TS_SPEC = '''import {{ describe, expect, it }} from "vitest";
import {{ rank }} from "../src/rank{i}";

describe("rank{i}", () => {{
  it("orders by score", () => {{
    expect(rank([{{ score: 1 }}, {{ score: {p} }}])[0].score).toBe({p});
  }});
}});
'''

PLANTED = [
    ("py", 'GITHUB_TOKEN = "ghp_{tok}"\n'),
    ("py", 'def charge_card(card, amount):\n    # TODO: call the payment provider\n    return {{"status": "success", "id": "txn_123"}}\n'),
    ("test", 'from unittest.mock import patch\n\n\n@patch("{pkg}.mod1.requests.post")\ndef test_integration_submit(post):\n    post.return_value.status_code = 200\n    assert post.return_value.status_code == 200\n'),
]


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(n)
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    written = 0

    def write(rel, text):
        nonlocal written
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        written += 1

    pkg_no = 0
    while written < n:
        pkg = f"svc{pkg_no:05d}"
        base = f"packages/{pkg}"
        python = pkg_no % 2 == 0
        write(f"{base}/README.md", f"# {pkg}\n\nThe {pkg} service. Production-ready and fully tested.\n\n"
              f"```sh\nmake test\n```\n\n| variable | meaning |\n|---|---|\n| `{pkg.upper()}_URL` | upstream |\n")
        write(f"{base}/Dockerfile", f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV PORT=80{pkg_no % 100:02d}\nCMD [\"python\", \"-m\", \"{pkg}\"]\n")
        write(f"{base}/docker-compose.yml", f"services:\n  {pkg}:\n    build: .\n    environment:\n      - {pkg.upper()}_URL=${{{pkg.upper()}_URL}}\n  db:\n    image: postgres:16\n")
        write(f"{base}/.env.example", f"{pkg.upper()}_URL=http://localhost\nLOG_LEVEL=info\n")
        write(f"{base}/migrations/0001_init.sql", f"CREATE TABLE {pkg}_records (id serial primary key, value int not null);\n")
        if python:
            write(f"{base}/pyproject.toml", f"[project]\nname = \"{pkg}\"\nversion = \"1.{pkg_no % 10}.0\"\n")
        else:
            write(f"{base}/package.json", f'{{"name": "{pkg}", "version": "1.0.0", "scripts": {{"test": "vitest run"}}}}\n')
        i = 0
        while i < 94 and written < n:
            p = rng.randint(1, 99)
            planted = rng.random() < 0.02
            if python:
                if i % 3 == 2:
                    text = PY_TEST.format(pkg=pkg, i=i - 1, p=p)
                    if planted:
                        text += "\n\n" + PLANTED[2][1].format(pkg=pkg)
                    write(f"{base}/tests/integration/test_mod{i - 1}.py", text)
                else:
                    text = PY_MODULE.format(pkg=pkg, i=i, p=p)
                    if planted:
                        kind = PLANTED[rng.randint(0, 1)][1]
                        text += "\n\n" + kind.format(tok="".join(rng.choice(alnum) for _ in range(36)))
                    write(f"{base}/{pkg}/mod{i}.py", text)
            else:
                if i % 3 == 2:
                    write(f"{base}/tests/rank{i - 1}.spec.ts", TS_SPEC.format(i=i - 1, p=p))
                else:
                    text = TS_COMPONENT.format(pkg=pkg, i=i, p=p)
                    if planted:
                        text += f'\nexport const GITHUB_TOKEN = "ghp_{"".join(rng.choice(alnum) for _ in range(36))}";\n'
                    write(f"{base}/src/List{i}.tsx", text)
            i += 1
        pkg_no += 1
    os.makedirs(os.path.join(root, ".github", "workflows"), exist_ok=True)
    with open(os.path.join(root, ".github", "workflows", "ci.yml"), "w") as f:
        f.write("on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - uses: actions/checkout@v4\n      - run: pytest\n")


if __name__ == "__main__":
    main()

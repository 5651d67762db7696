//! Whole-scan tests of the `claim/` rules and the scorecard on small
//! in-memory repositories.

use crate::config::Config;
use crate::report::Report;
use crate::scan::{ScanOptions, scan};
use crate::score::Status;
use crate::workspace::{SourceFile, Workspace};

fn run(files: &[(&str, &str)], config: &Config) -> Report {
    // Sorted by path, as `Workspace::new` leaves them.
    let mut files = files.to_vec();
    files.sort();
    let ws = Workspace {
        files: files
            .iter()
            .map(|(p, t)| {
                SourceFile::new(p.to_string(), p.to_string(), t.to_string(), &config.tiers)
            })
            .collect(),
        diagnostics: Vec::new(),
        unread: Vec::new(),
    };
    scan(&ws, config, &ScanOptions::default())
}

fn claim_findings(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.family() == "claim")
        .map(|f| format!("{}:{} {} {}", f.path, f.line, f.rule, f.message))
        .collect()
}

const CLAIMS: &str = "# Svc\n\nSvc is production-ready.\n\n- Fully tested, 95% test coverage.\n- Scales to 10,000 requests per second.\n- The API is security audited ([report](https://audits.example/svc-2026.pdf)).\n";

const EVIDENCE: &[(&str, &str)] = &[
    (
        "pyproject.toml",
        "[project]\nname = \"svc\"\nversion = \"1.2.0\"\n\n[tool.coverage.report]\nfail_under = 95\n",
    ),
    (
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest --cov\n  sast:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/analyze@v3\n",
    ),
    ("SECURITY.md", "# Security\n\nMail security@example.com.\n"),
    ("tests/test_svc.py", "def test_ok():\n    assert True\n"),
    (
        "tests/load/locustfile.py",
        "from locust import HttpUser, task\n\nclass Shopper(HttpUser):\n    @task\n    def home(self):\n        self.client.get(\"/\")\n",
    ),
    (
        "docs/load.md",
        "```bash\nlocust -f tests/load/locustfile.py --headless -u 100\n```\n",
    ),
    (
        "svc/app.py",
        "from opentelemetry import trace\n\ntracer = trace.get_tracer(__name__)\n\ndef run():\n    return 1\n",
    ),
];

#[test]
fn supported_claims_are_not_findings() {
    let mut files = EVIDENCE.to_vec();
    files.push(("README.md", CLAIMS));
    let r = run(&files, &Config::default());
    assert_eq!(claim_findings(&r), Vec::<String>::new());
    let card = r.scorecard.expect("scorecard");
    let status = |id: &str| card.criteria.iter().find(|c| c.id == id).unwrap().status;
    assert_eq!(status("tests-ci"), Status::Pass);
    assert_eq!(status("coverage"), Status::Pass);
    assert_eq!(status("security-policy"), Status::Pass);
    assert_eq!(status("load-tests"), Status::Pass);
    assert_eq!(status("observability"), Status::Pass);
    assert_eq!(status("honest-docs"), Status::Pass);
    assert_eq!(status("backup-restore"), Status::NotApplicable);
    assert!(card.score >= 9.0, "{}", card.score);
}

#[test]
fn each_missing_piece_of_evidence_is_a_reason() {
    let files = [
        ("README.md", CLAIMS),
        (
            "pyproject.toml",
            "[project]\nname = \"svc\"\nversion = \"0.9.0rc1\"\n",
        ),
        (
            ".github/workflows/lint.yml",
            "on: push\njobs:\n  lint:\n    steps:\n      - run: ruff check .\n",
        ),
    ];
    let got = claim_findings(&run(&files, &Config::default())).join("\n");
    for want in [
        "claim/unsupported-readiness claims production readiness (\"production-ready\") without evidence: version 0.9.0rc1 in pyproject.toml is pre-1.0; no test files; no CI step runs a test runner (.github/workflows/lint.yml runs none on push or pull request)",
        "claim/unsupported-testing claims testing (\"Fully tested\") without evidence: no test files; no CI step runs a test runner (.github/workflows/lint.yml runs none on push or pull request); no coverage threshold above 0 is enforced",
        "claim/unsupported-scale",
        "claim/unsupported-security claims security (\"security audited\") without evidence: no SECURITY.md; no SAST step in CI",
    ] {
        assert!(got.contains(want), "missing {want}\nin\n{got}");
    }
}

#[test]
fn gitlab_ci_counts_and_weird_yaml_does_not_panic() {
    let files = [
        ("README.md", "Svc is production-ready.\n"),
        (
            "Cargo.toml",
            "[package]\nname = \"svc\"\nversion = \"2.0.0\"\n",
        ),
        ("src/lib.rs", "pub fn f() {}\n#[test]\nfn t() {}\n"),
        ("tests/it.rs", "#[test]\nfn t() {}\n"),
        (
            ".gitlab-ci.yml",
            "stages: [test]\nvariables:\n  A: b\ntest:\n  stage: test\n  script:\n    - cargo test --all\n",
        ),
        (
            ".github/workflows/bad.yml",
            "jobs: [1, {2: &a *a}]\n\t:::\n",
        ),
    ];
    assert_eq!(
        claim_findings(&run(&files, &Config::default())),
        Vec::<String>::new()
    );
}

#[test]
fn broken_and_huge_documents_do_not_panic() {
    let mut big = String::new();
    for i in 0..2000 {
        big.push_str(&format!("| a{i} | ✅ READY | x |\n"));
        big.push_str("* production-ready `code` <!-- x --> [l](u) **b** é\n");
    }
    let files = [
        ("a.md", "| | |\n|-|\n| ✅\n```\nunterminated\n"),
        ("b.md", big.as_str()),
        ("c.rst", "..\n::\n\n   x\n====\n\"production-ready\n"),
        ("package.json", "{\"description\": \"battle-tested\\\" "),
    ];
    let _ = run(&files, &Config::default());
}

#[test]
fn phrases_and_weights_come_from_config() {
    let config = Config::from_candor_toml(
        "[claim]\nreadiness = ['rock steady']\n\n[claim.score-weights]\nhonest-docs = 0\n",
        "candor.toml",
    )
    .expect("valid config");
    let files = [
        ("README.md", "Svc is rock steady.\n"),
        ("svc.py", "x = 1\n"),
    ];
    let r = run(&files, &config);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == "claim/unsupported-readiness")
            .count(),
        1
    );
    let card = r.scorecard.unwrap();
    let honest = card
        .criteria
        .iter()
        .find(|c| c.id == "honest-docs")
        .unwrap();
    assert_eq!(honest.weight, 0.0);
    // Deterministic.
    let again = run(&files, &config).scorecard.unwrap();
    assert_eq!(card.score, again.score);
}

#[test]
fn one_finding_per_document_and_category_with_related_locations() {
    let readme = "# Svc\n\nSvc is production-ready.\n\nIt is production-ready.\nIt is enterprise-grade.\n\n- Fully tested.\n";
    let files = [("README.md", readme), ("svc/app.py", "x = 1\n")];
    let r = run(&files, &Config::default());
    let readiness: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "claim/unsupported-readiness")
        .collect();
    assert_eq!(readiness.len(), 1, "{readiness:?}");
    let f = readiness[0];
    // The phrase's own line and column, not the paragraph's first line.
    assert_eq!((f.line, f.column), (3, 8));
    let related: Vec<(usize, usize)> = f.related.iter().map(|r| (r.line, r.column)).collect();
    assert_eq!(related, [(5, 7), (6, 7)]);
    assert!(f.message.contains("2 more claims"), "{}", f.message);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == "claim/unsupported-testing")
            .count(),
        1
    );
}

#[test]
fn agent_files_and_archives_are_not_documentation() {
    let claim = "The service is production-ready.\n";
    let files = [
        (".claude/agents/reviewer.md", claim),
        ("AGENTS.md", claim),
        (".github/copilot-instructions.md", claim),
        ("prompts/release.md", claim),
        (".agents/sub-agents/SUMMARY.md", claim),
        ("docs/archive/STATUS_2024.md", claim),
        ("svc/app.py", "x = 1\n"),
    ];
    assert_eq!(
        claim_findings(&run(&files, &Config::default())),
        Vec::<String>::new()
    );
    let config = Config::from_candor_toml(
        "[claim]\ninclude-agent-files = true\ninclude-archived = true\n",
        "candor.toml",
    )
    .expect("valid config");
    // Read, the six copies of one sentence are one claim: reported in the
    // first document, the other five as related locations.
    let r = run(&files, &config);
    let got: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.family() == "claim")
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].related.len(), 5);
}

#[test]
fn history_translations_examples_and_linked_products_are_not_claims() {
    let claim = "The service is production-ready.\n";
    let files = [
        ("CHANGELOG.md", "- Made the service production-ready.\n"),
        ("docs/release-notes/2.0.md", claim),
        (
            "docs/v1.2.0/intro.md",
            "Old: the service is production-ready.\n",
        ),
        (
            "docs/v1.10.0/intro.md",
            "Current: the service is enterprise-grade.\n",
        ),
        (
            "docs/en/intro.md",
            "In English: the service is battle-tested.\n",
        ),
        ("docs/ko/intro.md", "서비스는 production-ready 입니다.\n"),
        ("examples/shop/README.md", claim),
        (
            "docs/providers/acme.md",
            "[Acme](https://acme.example) is an enterprise-grade gateway.\n",
        ),
        (
            "docs/faq.md",
            "Workers scale to different instances of the agent.\n",
        ),
        (
            "docs/tasks.md",
            "- Compliance environments where directory creation is audited.\n",
        ),
        ("svc/app.py", "x = 1\n"),
    ];
    // Every place a claim is reported: the findings and their related
    // locations (one finding per component and category).
    let places = |r: &Report| -> Vec<String> {
        let mut v: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.family() == "claim")
            .flat_map(|f| {
                std::iter::once(f.path.clone()).chain(f.related.iter().map(|r| r.path.clone()))
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let got = places(&run(&files, &Config::default()));
    // The newest release snapshot and the English text are current.
    assert_eq!(
        got,
        ["docs/en/intro.md", "docs/v1.10.0/intro.md"],
        "{got:?}"
    );
    let config = Config::from_candor_toml("[claim]\ninclude-archived = true\n", "candor.toml")
        .expect("valid config");
    let got = places(&run(&files, &config));
    for p in [
        "CHANGELOG.md",
        "docs/release-notes/2.0.md",
        "docs/v1.2.0/intro.md",
        "docs/ko/intro.md",
    ] {
        assert!(got.iter().any(|f| f.starts_with(p)), "{p} in {got:?}");
    }
}

#[test]
fn badges_that_disagree_are_contradictions() {
    let readme = "# Svc\n\n[![coverage](https://img.shields.io/badge/coverage-87%25-green)](https://ci.example)\n\nWe have 95% test coverage.\n";
    let files = [("README.md", readme), ("svc.py", "x = 1\n")];
    let r = run(&files, &Config::default());
    let c: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "claim/contradiction")
        .collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(
        c[0].message.contains("a badge at README.md:3 states 87%"),
        "{}",
        c[0].message
    );
    // A badge against another document, from an HTML <img>.
    let files = [
        (
            "README.md",
            "<p align=\"center\"><img src=\"https://img.shields.io/badge/coverage-87%25-green\" alt=\"cov\"></p>\n",
        ),
        ("docs/quality.md", "Coverage: 91%.\n"),
        ("svc.py", "x = 1\n"),
    ];
    let r = run(&files, &Config::default());
    let c: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "claim/contradiction")
        .collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].path, "docs/quality.md");
    // A badge that agrees, and a dynamic badge, state nothing to contradict.
    let files = [
        (
            "README.md",
            "![coverage 91%](https://img.shields.io/badge/coverage-91%25-green) ![cov](https://codecov.io/gh/o/r/graph/badge.svg)\n\nCoverage: 91%.\n",
        ),
        ("svc.py", "x = 1\n"),
    ];
    let r = run(&files, &Config::default());
    assert!(
        !r.findings.iter().any(|f| f.rule == "claim/contradiction"),
        "{:?}",
        r.findings
    );
}

#[test]
fn a_badge_below_the_enforced_threshold_is_a_contradiction() {
    let ci = "on: push\njobs:\n  t:\n    steps:\n      - run: pytest --cov --cov-fail-under=90\n";
    let badge =
        |v: u32| format!("![coverage](https://img.shields.io/badge/coverage-{v}%25-green)\n");
    let below = badge(80);
    let files = [
        ("README.md", below.as_str()),
        (".github/workflows/ci.yml", ci),
        ("tests/test_svc.py", "def test_ok():\n    assert True\n"),
    ];
    let got = claim_findings(&run(&files, &Config::default()));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("below the 90% threshold CI enforces"),
        "{}",
        got[0]
    );
    // Above the floor: not a contradiction.
    let above = badge(95);
    let files = [
        ("README.md", above.as_str()),
        (".github/workflows/ci.yml", ci),
        ("tests/test_svc.py", "def test_ok():\n    assert True\n"),
    ];
    assert_eq!(
        claim_findings(&run(&files, &Config::default())),
        Vec::<String>::new()
    );
}

#[test]
fn a_component_is_held_to_the_ci_steps_that_test_it() {
    let base = [
        (
            "pyproject.toml",
            "[project]\nname = \"mono\"\nversion = \"2.0.0\"\n",
        ),
        (
            "services/api/pyproject.toml",
            "[project]\nname = \"api\"\nversion = \"2.0.0\"\n",
        ),
        (
            "services/api/README.md",
            "The API is production-ready and fully tested.\n",
        ),
        ("services/api/api/app.py", "x = 1\n"),
        (
            "services/api/tests/test_app.py",
            "def test_ok():\n    assert True\n",
        ),
        (
            "services/web/package.json",
            "{\"name\": \"web\", \"version\": \"2.0.0\", \"scripts\": {\"test\": \"jest\"}}\n",
        ),
        (
            "services/worker/Cargo.toml",
            "[package]\nname = \"worker\"\nversion = \"2.0.0\"\n",
        ),
    ];
    let with_ci = |run_line: &str| {
        let mut files: Vec<(String, String)> = base
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        files.push((
            ".github/workflows/ci.yml".into(),
            format!("on: push\njobs:\n  t:\n    steps:\n{run_line}"),
        ));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        claim_findings(&run(&refs, &Config::default()))
    };
    // A sibling's tests, or a root runner of another ecosystem, are not the
    // API's.
    for sibling in [
        "      - run: npm test\n        working-directory: services/web\n",
        "      - run: cd services/worker && cargo test\n",
        "      - run: npm --prefix services/web test\n",
        "      - run: pytest services/worker\n",
        "      - run: cargo test\n",
    ] {
        let got = with_ci(sibling);
        assert!(
            got.iter()
                .any(|f| f.contains("no CI step runs the tests of services/api/")),
            "{sibling}: {got:?}"
        );
    }
    for own in [
        "      - run: pytest\n        working-directory: services/api\n",
        "      - run: cd services/api && pytest -q\n",
        "      - run: pytest services/api/tests\n",
        "      - run: pytest\n",
        "      - run: cd services && python -m pytest\n",
    ] {
        assert_eq!(with_ci(own), Vec::<String>::new(), "{own}");
    }
}

#[test]
fn a_package_readme_is_judged_by_its_package() {
    let files = [
        (
            "pyproject.toml",
            "[project]\nname = \"mono\"\nversion = \"2.0.0\"\n",
        ),
        ("README.md", "Mono is production-ready.\n"),
        (
            "billing/pyproject.toml",
            "[project]\nname = \"billing\"\nversion = \"2.0.0\"\n",
        ),
        ("billing/README.md", "Billing is production-ready.\n"),
        (
            "billing/billing/gateway.py",
            "from unittest.mock import MagicMock\n\nclient = MagicMock()\n",
        ),
        ("tests/test_mono.py", "def test_ok():\n    assert True\n"),
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  t:\n    steps:\n      - run: pytest\n",
        ),
    ];
    let got = claim_findings(&run(&files, &Config::default()));
    let billing: Vec<&String> = got
        .iter()
        .filter(|f| f.starts_with("billing/README.md"))
        .collect();
    assert_eq!(billing.len(), 1, "{got:?}");
    assert!(billing[0].contains("in billing/ (mock/"), "{}", billing[0]);
}

#[test]
fn readiness_is_judged_by_the_code_that_ships_not_by_a_weak_test() {
    let mut files = EVIDENCE.to_vec();
    files.push(("README.md", "# Svc\n\nSvc is production-ready.\n"));
    files.push((
        "tests/test_smoke.py",
        "from svc.app import run\n\ndef test_runs():\n    run()\n",
    ));
    let r = run(&files, &Config::default());
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "mock/assertion-free-test"),
        "{:?}",
        r.findings
    );
    assert_eq!(claim_findings(&r), Vec::<String>::new());
    // A mock in production code is a verdict on what ships.
    files.push((
        "svc/gateway.py",
        "from unittest.mock import MagicMock\n\nclient = MagicMock()\n",
    ));
    let got = claim_findings(&run(&files, &Config::default()));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("claim/unsupported-readiness")
            && got[0].ends_with("1 open finding of other families (mock/: 1)"),
        "{}",
        got[0]
    );
}

#[test]
fn contradictions_are_one_finding_per_document_and_metric() {
    let files = [
        ("a.md", "Coverage: 80%.\n"),
        (
            "b.md",
            "We have 91% test coverage.\n\nLater: coverage: 66%.\n",
        ),
        ("svc.py", "x = 1\n"),
    ];
    let r = run(&files, &Config::default());
    let c: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "claim/contradiction")
        .collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].related.len(), 1);
    assert!(c[0].related[0].message.contains("66%"));
}

#[test]
fn a_figure_needs_its_load_test_to_run() {
    let locust = "from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get(\"/\")\n";
    let mut files = vec![
        (
            "README.md",
            "- Handles 5000 requests per second.\n- Load tested.\n",
        ),
        ("loadtests/locustfile.py", locust),
    ];
    let got = claim_findings(&run(&files, &Config::default()));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("loadtests/locustfile.py:3 is never run"),
        "{}",
        got[0]
    );
    files.push((
        ".github/workflows/load.yml",
        "on: push\njobs:\n  l:\n    steps:\n      - run: locust -f loadtests/locustfile.py --headless -t 1m\n",
    ));
    assert_eq!(
        claim_findings(&run(&files, &Config::default())),
        Vec::<String>::new()
    );
}

#[test]
fn instruction_and_env_rule_lists_name_registered_rules() {
    for id in super::INSTRUCTION_RULES.iter().chain(super::READS_ENV) {
        assert!(crate::rules::find(id).is_some(), "{id} is not a rule");
    }
    for id in super::READS_ENV {
        assert!(super::INSTRUCTION_RULES.contains(id), "{id}");
    }
}

/// Inline code with `a|b` is notation for alternatives (candor's own rule
/// docs write `docker compose up|run|exec|logs ... SERVICE`), not a
/// command line; the same command written out is still checked.
#[test]
fn alternatives_notation_in_inline_code_is_not_a_command() {
    let config = Config::default();
    let rules = |doc: &str| -> Vec<String> {
        run(&[("README.md", doc)], &config)
            .findings
            .iter()
            .filter(|f| f.rule == "claim/unknown-command")
            .map(|f| f.message.clone())
            .collect()
    };
    assert_eq!(
        rules("# X\n\n`docker compose up|run|exec|logs ... SERVICE` starts it.\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        rules("# X\n\n`docker compose up` starts it.\n").len(),
        1,
        "no compose file: the written-out command is a finding"
    );
    // A shell block's pipe is a pipe.
    assert_eq!(
        rules("# X\n\n```sh\ndocker compose up|tee log\n```\n").len(),
        1
    );
}

/// `npm pack` never ships `.gitignore` or a lockfile: a root package.json
/// without them is a published copy that may leave linked files out
/// (mongoose, typeorm have no `files` list), while a source checkout is
/// judged on every file.
#[test]
fn npm_tarball_links_to_left_out_files_are_not_broken() {
    let config = Config::default();
    let readme = "# Lib\n\nSee [contributing](CONTRIBUTING.md) and [usage](#nowhere).\n";
    let manifest = "{ \"name\": \"lib\", \"version\": \"1.0.0\", \"main\": \"index.js\" }";
    let broken = |files: &[(&str, &str)]| -> Vec<String> {
        run(files, &config)
            .findings
            .iter()
            .filter(|f| f.rule == "claim/broken-link")
            .map(|f| f.message.clone())
            .collect()
    };
    let tarball = broken(&[("README.md", readme), ("package.json", manifest)]);
    assert_eq!(tarball.len(), 1, "only the anchor: {tarball:?}");
    assert!(tarball[0].contains("#nowhere"), "{tarball:?}");
    let checkout = broken(&[
        ("README.md", readme),
        ("package.json", manifest),
        (".gitignore", "node_modules/\n"),
    ]);
    assert_eq!(checkout.len(), 2, "{checkout:?}");
}

/// A library whose only Dockerfile belongs to an example documents the
/// reader's variables (`LANGCHAIN_API_KEY` for a third-party SDK); the
/// same document in a repository that ships a service is judged.
#[test]
fn an_example_dockerfile_does_not_make_a_library_a_service() {
    let config = Config::default();
    let doc = "# Lib\n\n## Environment variables\n\n```bash\nexport LANGCHAIN_API_KEY=<key>\n```\n";
    let unread = |files: &[(&str, &str)]| -> usize {
        run(files, &config)
            .findings
            .iter()
            .filter(|f| f.rule == "claim/unread-env-var")
            .count()
    };
    let code = ("lib/core.py", "import os\nHOME = os.getenv(\"LIB_HOME\")\n");
    let example = ("examples/web/Dockerfile", "FROM python:3.12\n");
    assert_eq!(unread(&[("docs/tracing.md", doc), code, example]), 0);
    assert_eq!(
        unread(&[
            ("docs/tracing.md", doc),
            code,
            ("Dockerfile", "FROM python:3.12\n")
        ]),
        1
    );
}

/// An example's configuration table lists the example's variables: code
/// elsewhere is not held to it, the example's own code is.
#[test]
fn a_configuration_table_covers_its_own_folder() {
    let config = Config::default();
    let table = "# Client\n\n## Configuration\n\n| Environment Variable | Meaning |\n|---|---|\n| `CLIENT_PORT` | the port |\n";
    let undocumented = run(
        &[
            ("examples/client/README.md", table),
            (
                "examples/client/main.py",
                "import os\nPORT = os.getenv(\"CLIENT_PORT\")\nURL = os.getenv(\"CLIENT_URL\")\n",
            ),
            (
                "scripts/check.py",
                "import os\nSTRICT = os.getenv(\"DOCS_STRICT_MODE\")\n",
            ),
        ],
        &config,
    )
    .findings
    .iter()
    .filter(|f| f.rule == "claim/undocumented-env-var")
    .map(|f| {
        format!(
            "{}: {}",
            f.path,
            &f.message[..f.message.find(" is").unwrap_or(0)]
        )
    })
    .collect::<Vec<_>>();
    assert_eq!(undocumented, ["examples/client/main.py: `CLIENT_URL`"]);
}

/// In a library, a variable with the package's own prefix is the
/// package's (judged even when only tests read its siblings); one with a
/// dependency's prefix is that SDK's (not judged, though the code reads
/// another of the SDK's variables).
#[test]
fn own_and_dependency_prefixes_in_a_library() {
    let config = Config::default();
    let manifest = "[project]\nname = \"acme-tools\"\nversion = \"1.0\"\ndependencies = [\"httpx>=0.27\"]\n\n[project.optional-dependencies]\nmodal = [\"modal==1.4.3\"]\n";
    let doc = "# Acme\n\n## Environment variables\n\n```bash\nexport ACME_DEBUG=1\nexport MODAL_TOKEN_ID=...\n```\n";
    let code = "import os\nBUILDER = os.getenv(\"MODAL_IMAGE_BUILDER_VERSION\")\n";
    let unread: Vec<String> = run(
        &[
            ("pyproject.toml", manifest),
            ("docs/debugging.md", doc),
            ("acme/sandbox.py", code),
        ],
        &config,
    )
    .findings
    .iter()
    .filter(|f| f.rule == "claim/unread-env-var")
    .map(|f| f.message.split('`').nth(1).unwrap_or("").to_string())
    .collect();
    assert_eq!(unread, ["ACME_DEBUG"]);
}

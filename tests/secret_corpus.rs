//! The labelled peer corpus (`tests/data/gitleaks-vectors.jsonl`, gitleaks'
//! rule test vectors, MIT; see `tests/data/gitleaks-vectors.README.md`):
//!
//! - `corpus_floor`: every record becomes its own file (`vNNNN.txt`, or
//!   `vNNNN/<path>` when the record has a path), one scan over the tree
//!   with the `secret` family, and file-level scoring: a tp is found when
//!   any secret finding lands in its file; an fp counts when any secret
//!   finding lands in its file. The fp rate leaves out the cross-rule fps
//!   (fp texts that are exactly some tp text). Fails when recall drops
//!   below, or the fp rate rises above, `tests/data/secret-corpus-floor.json`.
//! - `canary_no_secret_in_any_output`: no output format contains a secret
//!   of any tp sample.
mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use candor::Report;

struct Record {
    rule: String,
    label: String,
    text: String,
    file: String,
}

fn records() -> Vec<Record> {
    let raw = include_str!("data/gitleaks-vectors.jsonl");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid jsonl");
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let file = match s("path") {
                Some(p) => format!("v{i:04}/{}", p.trim_start_matches('/')),
                None => format!("v{i:04}.txt"),
            };
            Record {
                rule: s("rule").unwrap_or_default(),
                label: s("label").unwrap_or_default(),
                text: s("text").unwrap_or_default(),
                file,
            }
        })
        .collect()
}

fn materialize(records: &[Record]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for r in records {
        let path = dir.path().join(&r.file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &r.text).expect("write sample");
    }
    dir
}

fn record_of(dir: &Path, finding_path: &str) -> Option<String> {
    let prefix = format!("{}/", dir.to_string_lossy().replace('\\', "/"));
    let rel = finding_path.replace('\\', "/");
    let rel = rel.strip_prefix(&prefix).unwrap_or(&rel).to_string();
    let first = rel.split('/').next()?.trim_end_matches(".txt").to_string();
    Some(first)
}

struct Score {
    tp_found: usize,
    tp: usize,
    fp_hit: usize,
    fp: usize,
    missed: BTreeMap<String, usize>,
}

fn score(records: &[Record], dir: &Path, report: &Report) -> Score {
    let hit: HashSet<String> = report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("secret/"))
        .filter_map(|f| record_of(dir, &f.path))
        .collect();
    let tp_texts: HashSet<&str> = records
        .iter()
        .filter(|r| r.label == "tp")
        .map(|r| r.text.as_str())
        .collect();
    let mut s = Score {
        tp_found: 0,
        tp: 0,
        fp_hit: 0,
        fp: 0,
        missed: BTreeMap::new(),
    };
    for r in records {
        let key = r
            .file
            .split('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".txt");
        let found = hit.contains(key);
        if r.label == "tp" {
            s.tp += 1;
            if found {
                s.tp_found += 1;
            } else {
                *s.missed.entry(r.rule.clone()).or_default() += 1;
            }
        } else if !tp_texts.contains(r.text.as_str()) {
            s.fp += 1;
            if found {
                s.fp_hit += 1;
                *s.missed.entry(format!("fp:{}", r.rule)).or_default() += 1;
            }
        }
    }
    s
}

/// The corpus scanned with `select` (`None`: every default family).
fn scan_corpus(select: Option<Vec<String>>) -> (Vec<Record>, tempfile::TempDir, Report) {
    let records = records();
    let dir = materialize(&records);
    let report = common::scan(dir.path(), select);
    (records, dir, report)
}

#[test]
fn corpus_floor() {
    let (records, dir, report) = scan_corpus(Some(vec!["secret".to_string()]));
    let s = score(&records, dir.path(), &report);
    let recall = s.tp_found as f64 / s.tp as f64;
    let fp_rate = s.fp_hit as f64 / s.fp as f64;
    let summary = format!(
        "tp recall {}/{} = {:.2}%, fp rate (cross-rule fps dropped) {}/{} = {:.2}%\nmisses and fp hits by corpus rule: {:?}",
        s.tp_found,
        s.tp,
        recall * 100.0,
        s.fp_hit,
        s.fp,
        fp_rate * 100.0,
        s.missed
    );
    println!("{summary}");
    let floor_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/secret-corpus-floor.json");
    if std::env::var_os("UPDATE_FLOOR").is_some() {
        let json = serde_json::json!({
            "tp_found": s.tp_found, "tp": s.tp, "fp_hit": s.fp_hit, "fp": s.fp,
        });
        std::fs::write(
            &floor_path,
            serde_json::to_string_pretty(&json).unwrap() + "\n",
        )
        .unwrap();
    }
    let floor: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&floor_path).expect("floor file"))
            .expect("floor json");
    let n = |k: &str| floor[k].as_u64().expect("number") as usize;
    assert_eq!(
        (s.tp, s.fp),
        (n("tp"), n("fp")),
        "corpus size changed: {summary}"
    );
    assert!(
        s.tp_found >= n("tp_found"),
        "recall fell below the floor: {summary}"
    );
    assert!(
        s.fp_hit <= n("fp_hit"),
        "fp rate rose above the floor: {summary}"
    );
}

/// Every output format the CLI prints. Adding a format is one line here.
#[allow(clippy::type_complexity)]
const FORMATS: &[(&str, fn(&Report) -> String)] = &[
    ("text", |r| {
        candor::report::text::render(r, candor::report::text::Style { color: false }, false)
    }),
    ("text-quiet", |r| {
        candor::report::text::render(r, candor::report::text::Style { color: false }, true)
    }),
    ("json", |r| r.to_json()),
    ("sarif", candor::report::sarif::render),
    ("github", candor::report::github::render),
    ("markdown", |r| {
        candor::report::markdown::render(r, usize::MAX)
    }),
    ("junit", |r| {
        let rules: Vec<&str> = candor::rules::all_meta().map(|m| m.id).collect();
        candor::report::junit::render(r, &rules)
    }),
    ("badge-svg", |r| {
        candor::report::badge::svg(r.scorecard.as_ref())
    }),
    ("statistics", candor::report::text::statistics),
];

/// The secrets of a sample as the detectors see them: every capture of
/// every detector of `rules/secrets.toml` (also those a more specific
/// detector overrode, and placeholders), at least 9 characters (shorter
/// ones are shown as `…(N chars)` only and could collide with any text).
fn detector_secrets(rel: &str, text: &str) -> Vec<String> {
    let d = &*candor::rules::secret::detectors::DETECTORS;
    d.scan(rel, text)
        .into_iter()
        .map(|h| text[h.secret].to_string())
        .filter(|s| s.chars().count() > 8)
        .collect()
}

#[test]
fn canary_no_secret_in_any_output() {
    // Every family: a claim/ or mock/ finding on a line holding a secret
    // shows that line too.
    let (records, dir, report) = scan_corpus(None);
    assert!(!report.findings.is_empty());
    let hit: HashSet<String> = report
        .findings
        .iter()
        .filter_map(|f| record_of(dir.path(), &f.path))
        .collect();
    // The exact spans candor reported, plus every detector capture in
    // every tp sample candor reported on.
    let mut secrets: Vec<String> = Vec::new();
    for f in &report.findings {
        let text = std::fs::read_to_string(&f.path).expect("sample");
        let idx: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let off = |line: usize, col: usize| {
            let start = idx[line - 1];
            start
                + text[start..]
                    .chars()
                    .take(col - 1)
                    .map(char::len_utf8)
                    .sum::<usize>()
        };
        let span = &text[off(f.line, f.column)..off(f.end_line, f.end_column)];
        if span.chars().count() > 8 {
            secrets.push(span.to_string());
        }
    }
    for r in &records {
        let key = r
            .file
            .split('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".txt");
        if r.label == "tp" && hit.contains(key) {
            secrets.extend(detector_secrets(&r.file, &r.text));
        }
    }
    secrets.sort();
    secrets.dedup();
    assert!(secrets.len() > 200, "{}", secrets.len());
    assert_no_secret_printed(&report, &secrets);
}

/// Fails when any output format prints any of `secrets`.
fn assert_no_secret_printed(report: &Report, secrets: &[String]) {
    let ac = aho_corasick::AhoCorasick::new(secrets).expect("automaton");
    for (name, render) in FORMATS {
        let out = render(report);
        if let Some(m) = ac.find(&out) {
            let s = &secrets[m.pattern().as_usize()];
            let line = out[..m.start()].lines().last().unwrap_or("");
            let next = out[m.start()..].lines().next().unwrap_or("");
            panic!(
                "format {name} prints a secret ({} chars) after: {line:?}, then {} chars more on that line",
                s.len(),
                next.len()
            );
        }
    }
}

const TOKEN: &str = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";
const PASSWORD: &str = "Zq8vR2mLp7TtWw4s";

/// A small repository where every family has a finding on a line that
/// holds a secret: the code frame of each shows that line.
fn every_family_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        (
            "README.md",
            format!(
                "# Shop\n\nThis service is production-ready; connect with postgres://app:{PASSWORD}@db:5432/app today.\n"
            ),
        ),
        (
            "app/nodes.py",
            "from kailash.nodes.base import Node, register_node\n\n\n@register_node()\nclass ScoreOrderNode(Node):\n    def run(self, **kwargs):\n        return kwargs\n".to_string(),
        ),
        (
            "app/workflow.py",
            format!(
                "from kailash.workflow.builder import WorkflowBuilder\nfrom unittest.mock import MagicMock  # deploy key {TOKEN}\n\nfrom app.nodes import ScoreOrderNode\n\n\ndef build():\n    wf = WorkflowBuilder()\n    wf.add_node(\"ScoreOrderNodes\", \"score\", {{\"token\": \"{TOKEN}\"}})\n    return wf, MagicMock()\n"
            ),
        ),
        (
            "app/db.py",
            format!(
                "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\nBase.metadata.create_all(create_engine(\"postgresql://app:{PASSWORD}@db/app\"))\nx = 1  # candor: ignore[mock/in-production-code] {TOKEN}\n"
            ),
        ),
    ];
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn canary_every_family_every_format() {
    let dir = every_family_repo();
    let report = common::scan_with(
        dir.path(),
        None,
        candor::ScanOptions {
            report_unused_suppressions: true,
            ..candor::ScanOptions::default()
        },
    );
    // Each family has a finding on a line with a secret (else the canary
    // proves nothing about that family's frames).
    let mut families: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(&f.path).expect("file");
            let line = text.lines().nth(f.line - 1).unwrap_or("");
            line.contains(TOKEN) || line.contains(PASSWORD)
        })
        .map(|f| f.family())
        .collect();
    families.sort_unstable();
    families.dedup();
    assert_eq!(
        families,
        ["candor", "claim", "migration", "mock", "node", "secret"],
        "{}",
        common::compact(&report, dir.path())
    );
    assert_no_secret_printed(&report, &[TOKEN.to_string(), PASSWORD.to_string()]);
}

//! Every token detector against its own examples, one detector at a time:
//!
//! - candor's detectors (`rules/secrets-candor.toml`): each has a `source`,
//!   keywords, at least one true example (`tps`, the detector must report a
//!   secret in it) and at least one false example (`fps`, it must report
//!   none);
//! - gitleaks' detectors (`rules/secrets.toml`): the `[[examples]]` tables of
//!   `rules/secrets-candor.toml` and gitleaks' own test vectors
//!   (`tests/data/gitleaks-vectors.jsonl`, MIT, see its README), by rule id.
//!
//! The check runs the compiled detector set (keyword prefilter, regex,
//! entropy floor, allowlists), so a keyword that no example contains, or a
//! regex that no longer matches its format, fails here. Failures are
//! collected and reported together.
use std::collections::{BTreeMap, BTreeSet};

use candor::rules::secret::detectors::DETECTORS;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    rules: Vec<Rule>,
    #[serde(default)]
    examples: Vec<Examples>,
}

#[derive(Deserialize)]
struct Rule {
    id: String,
    #[serde(default)]
    keywords: Vec<String>,
    source: Option<String>,
    #[serde(default)]
    tps: Vec<String>,
    #[serde(default)]
    fps: Vec<String>,
}

#[derive(Deserialize)]
struct Examples {
    detector: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    tps: Vec<String>,
    #[serde(default)]
    fps: Vec<String>,
}

/// The detector files, read as written (the library holds the tables
/// `build.rs` generates from them).
const SOURCES: [&str; 2] = ["rules/secrets.toml", "rules/secrets-candor.toml"];

fn parse(i: usize) -> File {
    let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), SOURCES[i]);
    let text = std::fs::read_to_string(&path).expect("detector file reads");
    toml::from_str(&text).expect("detector file parses")
}

/// The ids of the detectors that report a secret in `text` at `path`.
fn fired(path: &str, text: &str) -> BTreeSet<String> {
    DETECTORS
        .scan(path, text)
        .into_iter()
        .map(|h| DETECTORS.list[h.detector].id.to_string())
        .collect()
}

/// A short, secret-free label of an example for failure messages.
fn label(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    format!("{} chars, line 1 starts {:?}", text.len(), {
        let mut s: String = first.chars().take(24).collect();
        s.push('…');
        s
    })
}

#[derive(Default)]
struct Tally {
    failures: Vec<String>,
    checked_tp: usize,
    checked_fp: usize,
}

impl Tally {
    fn tp(&mut self, id: &str, path: &str, text: &str, origin: &str) {
        self.checked_tp += 1;
        if !fired(path, text).contains(id) {
            self.failures.push(format!(
                "{id}: misses its true example ({origin}; {})",
                label(text)
            ));
        }
    }

    fn fp(&mut self, id: &str, path: &str, text: &str, origin: &str) {
        self.checked_fp += 1;
        if fired(path, text).contains(id) {
            self.failures.push(format!(
                "{id}: fires on its false example ({origin}; {})",
                label(text)
            ));
        }
    }

    fn finish(self, what: &str) {
        println!(
            "{what}: {} true and {} false examples checked",
            self.checked_tp, self.checked_fp
        );
        assert!(
            self.failures.is_empty(),
            "{} failures:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

#[test]
fn candor_detectors_find_their_true_examples_and_not_their_false_ones() {
    let file = parse(1);
    assert!(file.rules.len() >= 250, "{}", file.rules.len());
    let mut t = Tally::default();
    let mut ids = BTreeSet::new();
    for r in &file.rules {
        if !ids.insert(r.id.clone()) {
            t.failures.push(format!("{}: duplicate id", r.id));
        }
        if r.source.as_deref().is_none_or(str::is_empty) {
            t.failures.push(format!("{}: no source", r.id));
        }
        if r.tps.is_empty() || r.fps.is_empty() {
            t.failures
                .push(format!("{}: needs true and false examples", r.id));
        }
        if r.keywords.iter().any(|k| k.trim().len() < 3) || r.keywords.is_empty() {
            t.failures
                .push(format!("{}: keywords missing or too short", r.id));
        }
        for tp in &r.tps {
            t.tp(&r.id, "example.txt", tp, "tps");
            // The prefilter only wakes a detector near one of its keywords.
            let lower = tp.to_ascii_lowercase();
            if !r
                .keywords
                .iter()
                .any(|k| lower.contains(&k.to_ascii_lowercase()))
            {
                t.failures.push(format!(
                    "{}: a true example holds none of its keywords",
                    r.id
                ));
            }
        }
        for fp in &r.fps {
            t.fp(&r.id, "example.txt", fp, "fps");
        }
    }
    t.finish("candor detectors");
}

#[test]
fn candor_ids_do_not_shadow_gitleaks_ids() {
    let gitleaks: BTreeSet<String> = parse(0).rules.into_iter().map(|r| r.id).collect();
    let clash: Vec<String> = parse(1)
        .rules
        .into_iter()
        .map(|r| r.id)
        .filter(|id| gitleaks.contains(id))
        .collect();
    assert!(clash.is_empty(), "{clash:?}");
}

struct Vector {
    rule: String,
    label: String,
    text: String,
    path: Option<String>,
}

fn gitleaks_vectors() -> Vec<Vector> {
    include_str!("data/gitleaks-vectors.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid jsonl");
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            Vector {
                rule: s("rule").unwrap_or_default(),
                label: s("label").unwrap_or_default(),
                text: s("text").unwrap_or_default(),
                path: s("path"),
            }
        })
        .collect()
}

#[test]
fn gitleaks_detectors_find_their_true_examples_and_not_their_false_ones() {
    let known: BTreeSet<String> = DETECTORS.list.iter().map(|d| d.id.to_string()).collect();
    let mut t = Tally::default();
    for e in parse(1).examples {
        if !known.contains(&e.detector) {
            t.failures
                .push(format!("[[examples]] for unknown detector {}", e.detector));
            continue;
        }
        assert!(
            !e.sources.is_empty(),
            "{}: examples need sources",
            e.detector
        );
        for tp in &e.tps {
            t.tp(&e.detector, "example.txt", tp, "[[examples]]");
        }
        for fp in &e.fps {
            t.fp(&e.detector, "example.txt", fp, "[[examples]]");
        }
    }
    for v in gitleaks_vectors() {
        if !known.contains(&v.rule) {
            continue; // path-only detectors (pkcs12-file): not text
        }
        let path = v.path.as_deref().unwrap_or("example.txt");
        let path = path.trim_start_matches('/');
        match v.label.as_str() {
            "tp" => t.tp(&v.rule, path, &v.text, "gitleaks vector"),
            _ => t.fp(&v.rule, path, &v.text, "gitleaks vector"),
        }
    }
    t.finish("gitleaks detectors");
}

/// Every detector, old and new, has at least one true and one false
/// example that the checks above run.
#[test]
fn every_detector_has_true_and_false_examples() {
    // (true, false) example counts per detector id.
    let mut have: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let candor = parse(1);
    for r in &candor.rules {
        let e = have.entry(r.id.clone()).or_default();
        e.0 += r.tps.len();
        e.1 += r.fps.len();
    }
    for x in &candor.examples {
        let e = have.entry(x.detector.clone()).or_default();
        e.0 += x.tps.len();
        e.1 += x.fps.len();
    }
    for v in gitleaks_vectors() {
        let e = have.entry(v.rule).or_default();
        if v.label == "tp" {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let missing: Vec<String> = DETECTORS
        .list
        .iter()
        .filter_map(|d| {
            let (t, f) = have.get(d.id).copied().unwrap_or_default();
            match (t, f) {
                (0, _) => Some(format!("{} (no true example)", d.id)),
                (_, 0) => Some(format!("{} (no false example)", d.id)),
                _ => None,
            }
        })
        .collect();
    println!(
        "{} detectors, {} without both kinds of example",
        DETECTORS.list.len(),
        missing.len()
    );
    assert!(missing.is_empty(), "{}: {missing:?}", missing.len());
}

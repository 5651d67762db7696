//! Evidence that cannot be faked. `tests/data/score/base/` is a small
//! repository that claims "production-ready, fully tested, 99% coverage,
//! penetration tested, 1,000,000 requests per second" and backs none of it.
//! Each `tests/data/score/<criterion>/faked/` dresses it up for one
//! criterion the way a repository can without doing the work (step names,
//! `echo`, `if: false`, `fail_under = 0`, an empty SECURITY.md, a comment
//! naming a metrics library, a folder named `load/`, a file named
//! `restore_cart.py`); `<criterion>/real/` does the work. The invariant:
//! dressing changes no criterion and never raises the score, and every
//! unsupported claim is still reported; the real evidence passes.

mod common;

use std::path::{Path, PathBuf};

use candor::Report;
use candor::score::{Scorecard, Status};

const DATA: &str = "tests/data/score";

/// Every criterion with a faked/real pair (`registrations` has only a
/// faked form: no registration pack is configured by default).
const PAIRS: &[&str] = &[
    "tests-ci",
    "coverage",
    "security-policy",
    "observability",
    "load-tests",
    "backup-restore",
    "registrations",
];

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("fixture folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A repository made of `base/` and the given overlays (later files
/// replace earlier ones), in a fresh temporary folder.
struct Repo {
    dir: PathBuf,
}

impl Repo {
    fn new(name: &str, overlays: &[String]) -> Repo {
        let dir = std::env::temp_dir().join(format!(
            "candor-score-{}-{}",
            name.replace('/', "-"),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder");
        copy_tree(&Path::new(DATA).join("base"), &dir);
        for o in overlays {
            copy_tree(&Path::new(DATA).join(o), &dir);
        }
        Repo { dir }
    }

    fn scan(&self) -> Report {
        common::scan(&self.dir, None)
    }

    /// The scorecard as text, paths relative to the repository.
    fn table(&self, card: &Scorecard) -> String {
        card.text_table()
            .replace(&format!("{}/", self.dir.to_string_lossy()), "")
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn statuses(card: &Scorecard) -> Vec<(&'static str, Status)> {
    card.criteria.iter().map(|c| (c.id, c.status)).collect()
}

/// (rule, file name, line) of every claim finding.
fn claims(report: &Report, repo: &Repo) -> Vec<(String, String, usize)> {
    let prefix = format!("{}/", repo.dir.to_string_lossy());
    let mut v: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.family() == "claim")
        .map(|f| {
            let p = f.path.strip_prefix(&prefix).unwrap_or(&f.path);
            (f.rule.to_string(), p.to_string(), f.line)
        })
        .collect();
    v.sort();
    v
}

fn status(card: &Scorecard, id: &str) -> Status {
    card.criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no criterion {id}"))
        .status
}

#[test]
fn faked_evidence_adds_nothing() {
    let base = Repo::new("base", &[]);
    let base_report = base.scan();
    let base_card = base_report.scorecard.clone().expect("scorecard");
    let base_claims = claims(&base_report, &base);
    assert!(
        !base_claims.is_empty(),
        "the base repository's claims are unsupported"
    );
    let mut all: Vec<String> = PAIRS.iter().map(|c| format!("{c}/faked")).collect();
    let mut cases: Vec<(String, Vec<String>)> = PAIRS
        .iter()
        .map(|c| (c.to_string(), vec![format!("{c}/faked")]))
        .collect();
    cases.push(("all".into(), std::mem::take(&mut all)));
    for (name, overlays) in cases {
        let faked = Repo::new(&format!("faked-{name}"), &overlays);
        let report = faked.scan();
        let card = report.scorecard.clone().expect("scorecard");
        assert_eq!(
            statuses(&card),
            statuses(&base_card),
            "{name}: dressing changed a criterion\n{}",
            faked.table(&card)
        );
        assert!(
            card.score <= base_card.score,
            "{name}: dressed {} > undressed {}",
            card.score,
            base_card.score
        );
        assert_eq!(
            claims(&report, &faked),
            base_claims,
            "{name}: an unsupported claim lost its finding"
        );
    }
}

#[test]
fn real_evidence_passes_each_criterion() {
    for c in PAIRS.iter().filter(|c| **c != "registrations") {
        let real = Repo::new(&format!("real-{c}"), &[format!("{c}/real")]);
        let card = real.scan().scorecard.expect("scorecard");
        assert_eq!(status(&card, c), Status::Pass, "{c}\n{}", real.table(&card));
    }
}

#[test]
fn dressed_and_real_scorecards() {
    let faked: Vec<String> = PAIRS.iter().map(|c| format!("{c}/faked")).collect();
    let dressed = Repo::new("dressed", &faked);
    let report = dressed.scan();
    let card = report.scorecard.clone().expect("scorecard");
    let rules: Vec<String> = claims(&report, &dressed).into_iter().map(|c| c.0).collect();
    for rule in [
        "claim/unsupported-readiness",
        "claim/unsupported-testing",
        "claim/unsupported-security",
        "claim/unsupported-scale",
    ] {
        assert!(
            rules.iter().any(|r| r == rule),
            "no {rule} finding: {rules:?}"
        );
    }
    insta::assert_snapshot!("score_dressed", dressed.table(&card));

    let real: Vec<String> = PAIRS
        .iter()
        .filter(|c| **c != "registrations")
        .map(|c| format!("{c}/real"))
        .collect();
    let real = Repo::new("real", &real);
    let report = real.scan();
    let card = report.scorecard.clone().expect("scorecard");
    assert_eq!(
        claims(&report, &real),
        Vec::new(),
        "supported claims are not findings"
    );
    assert!(card.score >= 8.0, "{}", real.table(&card));
    insta::assert_snapshot!("score_real", real.table(&card));
}

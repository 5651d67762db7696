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
/// `tests-ci/faked` fakes a GitHub workflow, an npm script and a
/// Jenkinsfile; `tests-ci-jenkins/real` is a Jenkinsfile that runs the
/// tests. `coverage/faked` adds a static badge stating the claimed figure.
const PAIRS: &[&str] = &[
    "tests-ci",
    "coverage",
    "security-policy",
    "observability",
    "load-tests",
    "backup-restore",
    "registrations",
];

/// Real forms beyond the pairs' own, and the criterion each passes.
const MORE_REAL: &[(&str, &str)] = &[("tests-ci-jenkins", "tests-ci")];

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
        Repo::on("base", name, overlays)
    }

    /// `base` (a folder of tests/data/score) and overlays.
    fn on(base: &str, name: &str, overlays: &[String]) -> Repo {
        let dir = std::env::temp_dir().join(format!(
            "candor-score-{}-{}",
            name.replace('/', "-"),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder");
        copy_tree(&Path::new(DATA).join(base), &dir);
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
    let pairs = PAIRS
        .iter()
        .filter(|c| **c != "registrations")
        .map(|c| (*c, *c))
        .chain(MORE_REAL.iter().copied());
    for (dir, c) in pairs {
        let real = Repo::new(&format!("real-{dir}"), &[format!("{dir}/real")]);
        let card = real.scan().scorecard.expect("scorecard");
        assert_eq!(
            status(&card, c),
            Status::Pass,
            "{dir}\n{}",
            real.table(&card)
        );
    }
}

/// A badge is not evidence: one that states the claimed figure adds
/// nothing (`coverage/faked`), one that states another is a
/// contradiction naming both places.
#[test]
fn a_badge_that_disagrees_is_a_contradiction() {
    let repo = Repo::new("badge", &["badge-contradiction".to_string()]);
    let report = repo.scan();
    let found: Vec<_> = claims(&report, &repo)
        .into_iter()
        .filter(|c| c.0 == "claim/contradiction")
        .collect();
    assert_eq!(
        found,
        [(
            "claim/contradiction".to_string(),
            "docs/quality.md".to_string(),
            3
        )]
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "claim/contradiction")
        .expect("finding");
    assert!(
        f.message.starts_with("a badge states 87% test coverage;")
            && f.message.contains("README.md:5 states 99%"),
        "{}",
        f.message
    );
}

/// (file, rule) of the claim findings on the API's README.
fn api_claims(report: &Report, repo: &Repo) -> Vec<(String, String)> {
    claims(report, repo)
        .into_iter()
        .filter(|c| c.1 == "services/api/README.md")
        .map(|c| (c.1, c.0))
        .collect()
}

/// In a monorepo, a component's claims are held to the CI and coverage
/// evidence of that component: the web front end's real tests and
/// coverage threshold (`component/faked`) do not back the API's "fully
/// tested, 90% test coverage", and its findings stay what they are without
/// any CI; a step that tests the API with a threshold (`component/real`)
/// backs them. (The repository-wide scorecard does rise with the web
/// tests: they are real evidence, for the web front end.)
#[test]
fn a_sibling_components_evidence_backs_nothing() {
    let base = Repo::on("component/base", "component-base", &[]);
    let base_claims = api_claims(&base.scan(), &base);
    assert!(
        base_claims
            .iter()
            .any(|c| c.1 == "claim/unsupported-testing"),
        "{base_claims:?}"
    );
    let faked = Repo::on(
        "component/base",
        "component-faked",
        &["component/faked".to_string()],
    );
    let report = faked.scan();
    assert_eq!(api_claims(&report, &faked), base_claims);
    let testing = report
        .findings
        .iter()
        .find(|f| f.rule == "claim/unsupported-testing")
        .expect("finding");
    assert!(
        testing
            .message
            .contains("no CI step runs the tests of services/api/")
            && testing
                .message
                .contains("no coverage threshold above 0 is enforced for services/api/"),
        "{}",
        testing.message
    );
    let real = Repo::on(
        "component/base",
        "component-real",
        &["component/real".to_string()],
    );
    let report = real.scan();
    assert_eq!(api_claims(&report, &real), Vec::new());
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

/// The honest-docs criterion counts documented instructions that do not
/// work (claim/unknown-command and its siblings), not only overclaims.
#[test]
fn instructions_that_do_not_work_fail_honest_docs() {
    let card_for = |makefile: &str| {
        let dir = std::env::temp_dir().join(format!(
            "candor-score-instructions-{}-{}",
            makefile.len(),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder");
        std::fs::write(
            dir.join("README.md"),
            "# Shop\n\nDeploy it with `make deploy`.\n",
        )
        .expect("write");
        std::fs::write(dir.join("Makefile"), makefile).expect("write");
        let report = common::scan(&dir, None);
        let _ = std::fs::remove_dir_all(&dir);
        report.scorecard.expect("scorecard")
    };
    let broken = card_for("test:\n\tpytest\n");
    let honest = broken
        .criteria
        .iter()
        .find(|c| c.id == "honest-docs")
        .expect("honest-docs");
    assert_eq!(honest.status, Status::Fail);
    assert!(
        honest
            .evidence
            .iter()
            .any(|e| e.contains("claim/unknown-command")),
        "{:?}",
        honest.evidence
    );
    let working = card_for("test:\n\tpytest\n\ndeploy:\n\t./deploy.sh\n");
    assert_eq!(status(&working, "honest-docs"), Status::Pass);
}

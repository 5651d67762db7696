//! Every rule has fixture repositories under `tests/fixtures/<family>/<rule>/`:
//! `find/` must produce findings of that rule (snapshotted with exact
//! positions), `clean/` must produce none.

mod common;

use std::path::{Path, PathBuf};

fn dirs(path: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A fixture that simulates a pull request lists its changed files in
/// `pr-changes.txt`: one `A|M|D|R path` per line, paths relative to the
/// fixture (the repository root).
fn pr_options(case: &Path) -> candor::ScanOptions {
    use candor::{ChangeStatus, ChangedFile};
    let Ok(text) = std::fs::read_to_string(case.join("pr-changes.txt")) else {
        return candor::ScanOptions::default();
    };
    let changed = text
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(status, path)| ChangedFile {
            path: path.trim().to_string(),
            status: match status {
                "A" => ChangeStatus::Added,
                "D" => ChangeStatus::Removed,
                "R" => ChangeStatus::Renamed,
                _ => ChangeStatus::Modified,
            },
        })
        .collect();
    candor::ScanOptions {
        changed_files: Some(changed),
        ..candor::ScanOptions::default()
    }
}

#[test]
fn every_rule_has_find_and_clean_fixtures() {
    let root = Path::new("tests/fixtures");
    for meta in candor::rules::all_meta() {
        if meta.family() == "candor" {
            continue;
        }
        let dir = root.join(meta.family()).join(meta.name());
        for case in ["find", "clean"] {
            assert!(
                dir.join(case).is_dir(),
                "{} has no `{}` fixture at {}",
                meta.id,
                case,
                dir.join(case).display()
            );
        }
    }
}

#[test]
fn rule_fixtures() {
    let root = Path::new("tests/fixtures");
    let mut failures = Vec::new();
    for family in dirs(root) {
        for rule_dir in dirs(&family) {
            let id = format!(
                "{}/{}",
                family.file_name().unwrap().to_string_lossy(),
                rule_dir.file_name().unwrap().to_string_lossy()
            );
            assert!(
                candor::rules::find(&id).is_some(),
                "fixture folder {} names no rule",
                rule_dir.display()
            );
            for case in dirs(&rule_dir) {
                let name = case.file_name().unwrap().to_string_lossy().to_string();
                let report = common::scan_with(&case, Some(vec![id.clone()]), pr_options(&case));
                let text = common::compact(&report, &case);
                match name.as_str() {
                    "find" => {
                        if report.findings.is_empty() {
                            failures.push(format!("{id}: find/ produced no finding"));
                        }
                        insta::assert_snapshot!(format!("{}__find", id.replace('/', "__")), text);
                    }
                    "clean" => {
                        if !report.findings.is_empty() {
                            failures.push(format!("{id}: clean/ produced findings:\n{text}"));
                        }
                    }
                    other => panic!(
                        "{}: unknown fixture case `{other}` (use find/ or clean/)",
                        rule_dir.display()
                    ),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! `docs/rules/<family>/<name>.md` are generated from the rules' doc
//! comments. This test fails when they drift; `UPDATE_DOCS=1 cargo test
//! --test docs` rewrites them.

use std::path::Path;

#[test]
fn rule_docs_match_the_source() {
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let root = Path::new("docs/rules");
    let mut index = String::from(
        "# Rules\n\nGenerated from the rules' source by `UPDATE_DOCS=1 cargo test --test docs`; do not edit.\n\n| rule | severity | default | summary |\n|---|---|---|---|\n",
    );
    let mut stale = Vec::new();
    for meta in candor::rules::all_meta() {
        let rel = format!("{}/{}.md", meta.family(), meta.name());
        index.push_str(&format!(
            "| [`{}`]({rel}) | {} | {} | {} |\n",
            meta.id,
            meta.severity,
            if meta.default_enabled { "on" } else { "opt-in" },
            meta.summary
        ));
        check(&root.join(&rel), &meta.page(), update, &mut stale);
    }
    check(&root.join("README.md"), &index, update, &mut stale);
    assert!(
        stale.is_empty(),
        "stale docs (run `UPDATE_DOCS=1 cargo test --test docs`): {stale:#?}"
    );
}

fn check(path: &Path, want: &str, update: bool, stale: &mut Vec<String>) {
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have != want {
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, want).unwrap();
        } else {
            stale.push(path.display().to_string());
        }
    }
}

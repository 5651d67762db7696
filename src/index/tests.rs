use super::*;
use crate::config::Config;
use crate::workspace::{InputFile, SourceFile, Workspace};

fn workspace(files: &[(&str, &str)]) -> Workspace {
    let inputs = files
        .iter()
        .map(|(p, t)| InputFile {
            path: p.to_string(),
            rel: p.to_string(),
            bytes: t.as_bytes().to_vec(),
        })
        .collect();
    Workspace::new(inputs, &Config::default().file_rules())
}

/// What `scan` does per file: every rule, then the facts, one context.
fn facts_of(file: &SourceFile, config: &Config) -> FileFacts {
    let arena = crate::lang::typescript::Allocator::default();
    let parsed = crate::lang::parsed::ParsedFile::new(file, &arena);
    let mut out = Vec::new();
    {
        let ctx = crate::rules::FileContext::new(&parsed, &config.rules);
        for rule in crate::rules::registry() {
            rule.check_file(&ctx, &mut out);
        }
    }
    FileFacts::collect(&parsed, &crate::scan::fact_request(&config.rules))
}

fn index(files: &[(&str, &str)]) -> Index {
    let ws = workspace(files);
    let config = Config::default();
    Index::build(
        ws.files.iter().map(|f| facts_of(f, &config)).collect(),
        Default::default(),
    )
}

fn class(index: &Index, path: &str, name: &str) -> (usize, usize) {
    let f = index
        .files
        .iter()
        .position(|f| f.rel == path)
        .expect("file");
    let c = index.files[f]
        .classes
        .iter()
        .position(|c| c.name == name)
        .expect("class");
    (f, c)
}

#[test]
fn each_file_is_parsed_once_and_the_index_built_once_per_scan() {
    let files = [
        (
            "app/models.py",
            "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\nclass A(Base):\n    __tablename__ = 'a'\n",
        ),
        (
            "app/nodes.py",
            "from kailash.nodes.base import Node\nclass N(Node):\n    pass\n",
        ),
        (
            "app/wf.py",
            "from kailash.workflow import W\nW().add_node('N', 'n', {})\n",
        ),
        (
            "web/e.ts",
            "@Entity()\nexport class E { @Column() x: number; }\n",
        ),
        (
            "src/schema.rs",
            "diesel::table! { t (id) { id -> Int4, } }\n",
        ),
        ("README.md", "# hi\n"),
    ];
    let ix = index(&files);
    for f in &ix.files {
        assert!(f.parses <= 1, "{} parsed {} times", f.rel, f.parses);
    }
    // Five code files, each parsed exactly once, by rules and facts together.
    assert_eq!(ix.parses(), 5);

    let ws = workspace(&files);
    let before = builds_on_this_thread();
    let report = crate::scan(&ws, &Config::default(), &crate::ScanOptions::default());
    assert_eq!(builds_on_this_thread() - before, 1, "one index per scan");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "node/unregistered")
    );
}

#[test]
fn unrelated_python_is_not_parsed() {
    let ix = index(&[("tools/constants.py", "X = 1\nY = [X, 2]\n")]);
    assert_eq!(ix.parses(), 0);
}

#[test]
fn resolves_across_files_through_reexports_aliases_and_relative_imports() {
    let ix = index(&[
        (
            "pkg/core/base.py",
            "from kailash.nodes.base import Node as KNode\nclass Root(KNode):\n    pass\n",
        ),
        (
            "pkg/core/__init__.py",
            "from .base import Root as Exported\n",
        ),
        ("pkg/api.py", "from .core import *\nAlias = Exported\n"),
        (
            "pkg/deep/leaf.py",
            "from .. import api\nclass Leaf(api.Alias):\n    pass\n",
        ),
    ]);
    let (f, c) = class(&ix, "pkg/deep/leaf.py", "Leaf");
    let bases = ix.bases(f, c);
    assert_eq!(bases.len(), 1);
    assert_eq!(ix.qualified(&bases[0]), "pkg.core.base.Root");
    assert!(ix.any_ancestor(f, c, &mut |_, q| q == "kailash.nodes.base.Node"));
}

#[test]
fn cycles_duplicates_and_stars_do_not_loop_or_confuse() {
    let ix = index(&[
        ("a.py", "from b import *\nclass A(B):\n    pass\n"),
        (
            "b.py",
            "from a import *\nclass B(A):\n    pass\nclass C(C):\n    pass\n",
        ),
        ("one/m.py", "class Helper(Base1):\n    pass\n"),
        ("two/m.py", "class Helper(Base2):\n    pass\n"),
        (
            "two/use.py",
            "from two.m import Helper\nclass U(Helper):\n    pass\n",
        ),
        (
            "selfstar.py",
            "from selfstar import *\nclass S(Missing):\n    pass\n",
        ),
    ]);
    let (f, c) = class(&ix, "a.py", "A");
    assert!(!ix.any_ancestor(f, c, &mut |_, q| q == "nowhere.X"));
    let (f, c) = class(&ix, "b.py", "C");
    assert!(!ix.any_ancestor(f, c, &mut |_, _| false));
    let (f, c) = class(&ix, "two/use.py", "U");
    let base = &ix.bases(f, c)[0];
    assert_eq!(ix.qualified(base), "two.m.Helper");
    let (f, c) = class(&ix, "selfstar.py", "S");
    assert!(ix.bases(f, c).is_empty());
}

#[test]
fn syntax_errors_give_no_facts_and_no_panic() {
    let ix = index(&[
        ("bad.py", "class A(:\n  pass\n"),
        ("bad.ts", "@Entity( class {"),
        ("bad.rs", "table! { x ( { }"),
        ("schema.prisma", "model {\n"),
        ("migrations/1.sql", "CREATE TABLE ("),
    ]);
    assert!(ix.models.is_empty());
}

#[test]
fn alembic_follows_down_revision_not_file_names() {
    let rev = |r: &str, down: &str, body: &str| {
        format!(
            "from alembic import op\nrevision = '{r}'\ndown_revision = {down}\ndef upgrade():\n    {body}\ndef downgrade():\n    op.drop_table('t')\n"
        )
    };
    let a = rev("a", "None", "op.create_table('t')");
    let b = rev("b", "'a'", "op.rename_table('t', 'u')");
    let c = rev("c", "('b',)", "op.create_table('t')");
    let ix = index(&[
        ("alembic/versions/1_c.py", &c),
        ("alembic/versions/2_b.py", &b),
        ("alembic/versions/3_a.py", &a),
    ]);
    let mut tables: Vec<&String> = ix.schema.tables.keys().collect();
    tables.sort();
    assert_eq!(tables, ["t", "u"]);
}

#[test]
fn natural_order() {
    let mut v = vec!["V10__x.sql", "V2__x.sql", "V1__x.sql", "V2_1__y.sql"];
    v.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(v, ["V1__x.sql", "V2__x.sql", "V2_1__y.sql", "V10__x.sql"]);
}

#[test]
fn sql_migration_paths() {
    assert!(is_sql_migration("db/migration/V1__init.sql"));
    assert!(is_sql_migration("migrations/2024_init/up.sql"));
    assert!(is_sql_migration("V3__x.sql"));
    assert!(!is_sql_migration("migrations/2024_init/down.sql"));
    assert!(!is_sql_migration("db/migration/U2__undo.sql"));
    assert!(!is_sql_migration("docs/schema.sql"));
}

#[test]
fn embedded_store_heuristic() {
    assert!(creates_own_sqlite_tables(
        "import sqlite3\nc.execute('create table if not exists x (a)')",
        false
    ));
    assert!(creates_own_sqlite_tables(
        "engine = create_engine('sqlite://')",
        true
    ));
    assert!(!creates_own_sqlite_tables(
        "engine = create_engine('postgresql://')",
        true
    ));
}

#[test]
fn model_changed_rule_needs_pr_mode() {
    let files = [("app/models.py", "class A(Base):\n    __tablename__ = 'a'\n")];
    let ws = workspace(&files);
    let config = Config::default();
    let rule = "migration/model-changed-without-migration";
    let outside = crate::scan(&ws, &config, &crate::ScanOptions::default());
    assert!(!outside.findings.iter().any(|f| f.rule == rule));
    let pr = crate::ScanOptions {
        changed_files: Some(vec![crate::ChangedFile {
            path: "app/models.py".into(),
            status: crate::ChangeStatus::Modified,
        }]),
        ..crate::ScanOptions::default()
    };
    let inside = crate::scan(&ws, &config, &pr);
    assert_eq!(inside.findings.iter().filter(|f| f.rule == rule).count(), 1);
}

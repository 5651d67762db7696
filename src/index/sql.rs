//! SQL migrations: `CREATE TABLE`, `ALTER TABLE … ADD/DROP/RENAME`,
//! `DROP TABLE`. Each statement is parsed on its own with sqlparser, so one
//! dialect extra (`DO $$ … $$`, `CREATE EXTENSION`) does not lose the file;
//! a statement sqlparser rejects falls back to pattern recognition.

use regex::Regex;
use sqlparser::ast::{AlterTableOperation, ObjectName, ObjectType, RenameTableNameKind, Statement};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use std::sync::LazyLock;

use super::MigrationOp;

/// The operations a SQL script performs, and how many statements only the
/// fallback understood (the caller reports them as a diagnostic).
pub fn operations(sql: &str) -> (Vec<MigrationOp>, usize) {
    let mut ops = Vec::new();
    let mut fallbacks = 0;
    for stmt in split_statements(sql) {
        let trimmed = stmt.trim();
        if trimmed.is_empty() || !is_ddl(trimmed) {
            continue;
        }
        match Parser::parse_sql(&GenericDialect {}, trimmed) {
            Ok(statements) => {
                for s in statements {
                    from_statement(&s, &mut ops);
                }
            }
            Err(_) => {
                let before = ops.len();
                fallback(trimmed, &mut ops);
                if ops.len() > before {
                    fallbacks += 1;
                }
            }
        }
    }
    (ops, fallbacks)
}

/// Only DDL about tables matters; other statements are not parsed at all.
fn is_ddl(stmt: &str) -> bool {
    let head: String = stmt
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_uppercase();
    let head = head.trim_start();
    (head.starts_with("CREATE") && head.contains("TABLE"))
        || head.starts_with("ALTER TABLE")
        || head.starts_with("DROP TABLE")
        || head.starts_with("RENAME TABLE")
}

/// The last part of a possibly qualified, possibly quoted name, lowercased:
/// `"public"."Order"` → `order`. SQL compares unquoted names without case;
/// candor compares all names that way.
pub fn normalize(name: &str) -> String {
    let last = split_qualified(name).pop().unwrap_or_default();
    last.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']' || c == '\'')
        .to_ascii_lowercase()
}

fn split_qualified(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in name.trim().chars() {
        match quote {
            Some(q) => {
                let close = if q == '[' { ']' } else { q };
                if c == close {
                    quote = None;
                }
                cur.push(c);
            }
            None if c == '"' || c == '`' || c == '[' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c == '.' => parts.push(std::mem::take(&mut cur)),
            None => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

fn object(name: &ObjectName) -> String {
    normalize(&name.to_string())
}

fn from_statement(s: &Statement, ops: &mut Vec<MigrationOp>) {
    match s {
        Statement::CreateTable(ct) => {
            if ct.temporary {
                return;
            }
            ops.push(MigrationOp::CreateTable {
                table: object(&ct.name),
                columns: Some(
                    ct.columns
                        .iter()
                        .map(|c| c.name.value.to_ascii_lowercase())
                        .collect(),
                ),
            });
        }
        Statement::AlterTable(at) => {
            let table = object(&at.name);
            for op in &at.operations {
                match op {
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        ops.push(MigrationOp::AddColumn {
                            table: table.clone(),
                            column: column_def.name.value.to_ascii_lowercase(),
                        })
                    }
                    AlterTableOperation::DropColumn { column_names, .. } => {
                        for c in column_names {
                            ops.push(MigrationOp::DropColumn {
                                table: table.clone(),
                                column: c.value.to_ascii_lowercase(),
                            });
                        }
                    }
                    AlterTableOperation::RenameColumn {
                        old_column_name,
                        new_column_name,
                    } => ops.push(MigrationOp::RenameColumn {
                        table: table.clone(),
                        from: old_column_name.value.to_ascii_lowercase(),
                        to: new_column_name.value.to_ascii_lowercase(),
                    }),
                    AlterTableOperation::RenameTable { table_name } => {
                        let to = match table_name {
                            RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => object(n),
                        };
                        ops.push(MigrationOp::RenameTable {
                            from: table.clone(),
                            to,
                        });
                    }
                    _ => {}
                }
            }
        }
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => {
            for n in names {
                ops.push(MigrationOp::DropTable { table: object(n) });
            }
        }
        _ => {}
    }
}

static CREATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^\s*create\s+(?:or\s+replace\s+)?(?:unlogged\s+|global\s+|local\s+)*table\s+(?:if\s+not\s+exists\s+)?([\w."`\[\]]+)\s*\((.*)\)"#)
        .expect("valid regex")
});
static ADD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^\s*alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w."`\[\]]+)\s+add\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?([\w"`\[\]]+)"#)
        .expect("valid regex")
});
static DROP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^\s*drop\s+table\s+(?:if\s+exists\s+)?([\w."`\[\]]+)"#).expect("valid regex")
});

const CONSTRAINT_WORDS: &[&str] = &[
    "constraint",
    "primary",
    "foreign",
    "unique",
    "check",
    "key",
    "index",
    "exclude",
    "like",
];

/// Statement-level recognition for what sqlparser rejects.
fn fallback(stmt: &str, ops: &mut Vec<MigrationOp>) {
    if let Some(c) = CREATE.captures(stmt) {
        let table = normalize(&c[1]);
        let mut columns = Vec::new();
        for part in split_top_level(&c[2]) {
            let first = part.split_whitespace().next().unwrap_or("");
            let lower = first.to_ascii_lowercase();
            if first.is_empty() || CONSTRAINT_WORDS.contains(&lower.as_str()) {
                continue;
            }
            columns.push(normalize(first));
        }
        ops.push(MigrationOp::CreateTable {
            table,
            columns: Some(columns),
        });
    } else if let Some(c) = ADD.captures(stmt) {
        let column = normalize(&c[2]);
        if !CONSTRAINT_WORDS.contains(&column.as_str()) {
            ops.push(MigrationOp::AddColumn {
                table: normalize(&c[1]),
                column,
            });
        }
    } else if let Some(c) = DROP.captures(stmt) {
        ops.push(MigrationOp::DropTable {
            table: normalize(&c[1]),
        });
    }
}

fn split_top_level(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(body[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(body[start..].trim());
    out
}

/// Splits a script on `;` outside quotes, comments and `$$` bodies.
pub fn split_statements(sql: &str) -> Vec<&str> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' | b'"' | b'`' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'$' if b.get(i + 1) == Some(&b'$') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'$' && b[i + 1] == b'$') {
                    i += 1;
                }
                i += 1;
            }
            b';' => {
                out.push(&sql[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < sql.len() {
        out.push(&sql[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ddl_and_falls_back_per_statement() {
        let sql = r#"
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE IF NOT EXISTS public."Order" (id serial PRIMARY KEY, "customerEmail" text NOT NULL, CONSTRAINT x UNIQUE (id));
DO $$ BEGIN CREATE TYPE s AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$;
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders RENAME COLUMN note TO notes;
CREATE TABLE weird (id int) WITH SYSTEM VERSIONING FOOBAR;
DROP TABLE legacy;
"#;
        let (ops, fallbacks) = operations(sql);
        assert_eq!(
            ops,
            vec![
                MigrationOp::CreateTable {
                    table: "order".into(),
                    columns: Some(vec!["id".into(), "customeremail".into()])
                },
                MigrationOp::AddColumn {
                    table: "orders".into(),
                    column: "note".into()
                },
                MigrationOp::RenameColumn {
                    table: "orders".into(),
                    from: "note".into(),
                    to: "notes".into()
                },
                MigrationOp::CreateTable {
                    table: "weird".into(),
                    columns: Some(vec!["id".into()])
                },
                MigrationOp::DropTable {
                    table: "legacy".into()
                },
            ]
        );
        assert_eq!(fallbacks, 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "",
            ";;;",
            "CREATE TABLE (",
            "ALTER TABLE x ADD",
            "'unterminated",
            "$$",
            "/*",
        ] {
            let _ = operations(s);
        }
    }
}

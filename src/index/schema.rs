//! The schema side: which classes are models (through inheritance), and
//! the tables and columns the migrations produce, replayed in revision
//! order.

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;

impl Index {
    pub(super) fn find_models(&self) -> Vec<Model> {
        let mut out = Vec::new();
        for (i, f) in self.files.iter().enumerate() {
            for m in &f.models {
                out.push(Model {
                    file: i,
                    fact: m.clone(),
                });
            }
            for (c, class) in f.classes.iter().enumerate() {
                if class.nested {
                    continue;
                }
                if let Some(fact) = self.python_model(i, c) {
                    out.push(Model { file: i, fact });
                }
            }
        }
        out
    }

    pub(super) fn python_model(&self, file: usize, c: usize) -> Option<ModelFact> {
        let class = &self.files[file].classes[c];
        let sqlmodel_table = class
            .keywords
            .iter()
            .any(|(k, v)| k == "table" && v == "true");
        if sqlmodel_table {
            let table = class
                .tablename
                .clone()
                .unwrap_or_else(|| class.name.to_ascii_lowercase());
            let columns = class
                .fields
                .iter()
                .filter(|f| {
                    f.annotation.is_some()
                        && f.annotation.as_deref() != Some("ClassVar")
                        && f.callee != "Relationship"
                        && !f.name.starts_with('_')
                        && f.name != "model_config"
                })
                .map(|f| column(f, f.sa_name.clone()))
                .collect();
            return Some(model(class, table, Orm::SqlModel, columns));
        }
        if let Some(table) = &class.tablename {
            if class.sa_abstract || class.has_table_object {
                return None;
            }
            let columns = class
                .fields
                .iter()
                .filter(|f| {
                    let column_call = matches!(f.callee.as_str(), "Column" | "mapped_column");
                    column_call
                        || (f.annotation.as_deref() == Some("Mapped") && f.callee.is_empty())
                })
                .map(|f| column(f, f.sa_name.clone()))
                .collect();
            return Some(model(class, table.clone(), Orm::SqlAlchemy, columns));
        }
        if class.meta_abstract || class.meta_proxy || class.meta_unmanaged || class.bases.is_empty()
        {
            return None;
        }
        let is_django = self.any_ancestor(file, c, &mut |_, q| {
            q == "django.db.models.Model"
                || q.ends_with("django.db.models.Model")
                || q.ends_with("django.db.models.base.Model")
        });
        if !is_django {
            return None;
        }
        let app = class
            .meta_app_label
            .clone()
            .or_else(|| django_app(&self.files[file].rel))?;
        let table = class
            .meta_db_table
            .clone()
            .unwrap_or_else(|| format!("{}_{}", app, class.name).to_ascii_lowercase());
        let columns = class
            .fields
            .iter()
            .filter_map(|f| {
                django_column(&f.name, &f.callee, f.db_column.as_deref()).map(|col| ColumnFact {
                    name: f.name.clone(),
                    column: col,
                    span: f.span.clone(),
                })
            })
            .collect();
        Some(model(class, table, Orm::Django, columns))
    }

    /// Replays every migration in order: Alembic along its `down_revision`
    /// chain, the others by file name (numbers compared as numbers).
    pub(super) fn replay_migrations(&mut self) {
        let mut files: Vec<&MigrationFile> = Vec::new();
        for f in &self.files {
            if f.is_test {
                continue;
            }
            for m in &f.migrations {
                self.has_migrations = true;
                if m.tool == MigrationTool::Opaque {
                    self.opaque_mentions.extend(m.mentions.iter().cloned());
                }
                files.push(m);
            }
        }
        let alembic: Vec<&MigrationFile> = files
            .iter()
            .copied()
            .filter(|m| m.tool == MigrationTool::Alembic)
            .collect();
        let mut ordered = alembic_order(&alembic);
        let mut rest: Vec<&MigrationFile> = files
            .iter()
            .copied()
            .filter(|m| m.tool != MigrationTool::Alembic)
            .collect();
        rest.sort_by(|a, b| natural_cmp(&a.path, &b.path));
        ordered.extend(rest);

        // Django: a model created with `db_table` keeps that table in later
        // operations that name the model.
        let mut django_tables: FxHashMap<String, String> = FxHashMap::default();
        for m in &ordered {
            if let Some(app) = &m.app {
                for (model, table) in &m.django_models {
                    django_tables.insert(format!("{app}_{model}"), table.clone());
                }
            }
        }
        let map = |t: &str, django: bool| -> String {
            let t = t.to_ascii_lowercase();
            if django {
                django_tables.get(&t).cloned().unwrap_or(t)
            } else {
                t
            }
        };
        let schema = &mut self.schema;
        for m in ordered {
            let dj = m.tool == MigrationTool::Django;
            for op in &m.ops {
                match op {
                    MigrationOp::CreateTable { table, columns } => {
                        let t = map(table, dj);
                        schema.removed.remove(&t);
                        schema.altered_only.remove(&t);
                        let cols = columns
                            .as_ref()
                            .map(|c| c.iter().map(|s| s.to_ascii_lowercase()).collect());
                        schema.tables.insert(t, cols);
                    }
                    MigrationOp::AddColumn { table, column } => {
                        let t = map(table, dj);
                        // Altering a table does not create it: one that only
                        // ever gets `ADD COLUMN` is still missing.
                        let Some(entry) = schema.tables.get_mut(&t) else {
                            if !schema.removed.contains_key(&t) {
                                schema
                                    .altered_only
                                    .entry(t)
                                    .or_insert_with(|| m.path.clone());
                            }
                            continue;
                        };
                        if let Some(cols) = entry {
                            cols.insert(column.to_ascii_lowercase());
                        }
                        schema
                            .removed_columns
                            .remove(&(t, column.to_ascii_lowercase()));
                    }
                    MigrationOp::DropTable { table } => {
                        let t = map(table, dj);
                        if schema.tables.remove(&t).is_some() {
                            schema.removed.insert(t, format!("{} drops it", m.path));
                        }
                    }
                    MigrationOp::DropColumn { table, column } => {
                        let t = map(table, dj);
                        if let Some(Some(cols)) = schema.tables.get_mut(&t)
                            && cols.remove(&column.to_ascii_lowercase())
                        {
                            schema.removed_columns.insert(
                                (t, column.to_ascii_lowercase()),
                                format!("{} drops it", m.path),
                            );
                        }
                    }
                    MigrationOp::RenameTable { from, to } => {
                        let (f, t) = (map(from, dj), to.to_ascii_lowercase());
                        if let Some(cols) = schema.tables.remove(&f) {
                            schema.altered_only.remove(&t);
                            schema.tables.insert(t.clone(), cols);
                            schema
                                .removed
                                .insert(f, format!("{} renames it to `{t}`", m.path));
                            schema.removed.remove(&t);
                        }
                    }
                    MigrationOp::RenameColumn { table, from, to } => {
                        let t = map(table, dj);
                        if let Some(Some(cols)) = schema.tables.get_mut(&t)
                            && cols.remove(&from.to_ascii_lowercase())
                        {
                            cols.insert(to.to_ascii_lowercase());
                            schema.removed_columns.insert(
                                (t, from.to_ascii_lowercase()),
                                format!("{} renames it to `{to}`", m.path),
                            );
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn column(f: &FieldFact, explicit: Option<String>) -> ColumnFact {
    ColumnFact {
        name: f.name.clone(),
        column: explicit.unwrap_or_else(|| f.name.clone()),
        span: f.span.clone(),
    }
}

pub(super) fn model(
    class: &ClassFact,
    table: String,
    orm: Orm,
    columns: Vec<ColumnFact>,
) -> ModelFact {
    ModelFact {
        name: class.name.clone(),
        span: class.span.clone(),
        table,
        orm,
        columns,
        columns_known: true,
    }
}

/// Alembic revisions from the roots along `down_revision`; revisions the
/// chain does not reach (broken links, cycles) follow by path.
pub(super) fn alembic_order<'a>(files: &[&'a MigrationFile]) -> Vec<&'a MigrationFile> {
    let mut sorted: Vec<&MigrationFile> = files.to_vec();
    sorted.sort_by(|a, b| natural_cmp(&a.path, &b.path));
    let known: FxHashSet<&str> = sorted
        .iter()
        .filter_map(|m| m.revision.as_deref())
        .collect();
    let mut done: FxHashSet<usize> = FxHashSet::default();
    let mut applied: FxHashSet<&str> = FxHashSet::default();
    let mut out = Vec::new();
    loop {
        let mut progressed = false;
        for (i, m) in sorted.iter().enumerate() {
            if done.contains(&i) {
                continue;
            }
            let ready = m
                .down_revisions
                .iter()
                .all(|d| applied.contains(d.as_str()) || !known.contains(d.as_str()));
            if ready {
                done.insert(i);
                if let Some(r) = m.revision.as_deref() {
                    applied.insert(r);
                }
                out.push(*m);
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    for (i, m) in sorted.iter().enumerate() {
        if !done.contains(&i) {
            out.push(*m);
        }
    }
    out
}

/// Compares paths with digit runs as numbers (`V2__` before `V2_1__`
/// before `V10__`: Flyway's `__` ends the version, so it sorts first).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.replacen("__", "\u{0}", 1), b.replacen("__", "\u{0}", 1));
    let (a, b) = (a.as_str(), b.as_str());
    pub(super) fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, sa), (db, sb)) in ca.iter().zip(cb.iter()) {
        let ord = if *da && *db {
            let (ta, tb) = (sa.trim_start_matches('0'), sb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then(ta.cmp(tb))
        } else {
            sa.cmp(sb)
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then(a.cmp(b))
}

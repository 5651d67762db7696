//! `schema.prisma`: a small hand-written block parser. The grammar candor
//! needs is tiny: `model Name { field Type @attr… @@map("table") }`.

use super::{ColumnFact, ModelFact, Orm};

const SCALARS: &[&str] = &[
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

/// Models of a Prisma schema. Relation fields (whose type is another model
/// or a list) have no column; `enum`/`type` blocks are not tables.
pub fn models(text: &str) -> Vec<ModelFact> {
    let mut enums: Vec<&str> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("enum ").or_else(|| t.strip_prefix("type "))
            && let Some(name) = rest.split_whitespace().next()
        {
            enums.push(name);
        }
    }
    let mut out = Vec::new();
    let mut offset = 0;
    let mut current: Option<ModelFact> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = line.split("//").next().unwrap_or("");
        let t = code.trim();
        if current.is_none() {
            if let Some(rest) = t.strip_prefix("model ") {
                let name = rest
                    .split(|c: char| c.is_whitespace() || c == '{')
                    .next()
                    .unwrap_or("");
                if name.is_empty() {
                    continue;
                }
                let col = code.find(name).unwrap_or(0);
                current = Some(ModelFact {
                    name: name.to_string(),
                    span: start + col..start + col + name.len(),
                    table: name.to_string(),
                    orm: Orm::Prisma,
                    columns: Vec::new(),
                    columns_known: true,
                });
            }
            continue;
        }
        let Some(model) = current.as_mut() else {
            continue;
        };
        if t.starts_with('}') {
            out.push(current.take().expect("current model"));
            continue;
        }
        if let Some(rest) = t.strip_prefix("@@map(") {
            if let Some(name) = quoted(rest) {
                model.table = name;
            }
            continue;
        }
        if t.starts_with("@@ignore") {
            model.table.clear();
            continue;
        }
        if t.starts_with("@@") || t.is_empty() {
            continue;
        }
        let mut words = t.split_whitespace();
        let (Some(field), Some(ty)) = (words.next(), words.next()) else {
            continue;
        };
        if !field.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let base = ty.trim_end_matches(['?', '!']);
        if base.ends_with("[]") || t.contains("@ignore") {
            continue;
        }
        let scalar =
            SCALARS.contains(&base) || base.starts_with("Unsupported(") || enums.contains(&base);
        if !scalar {
            continue; // a relation to another model
        }
        let column = t
            .find("@map(")
            .and_then(|i| quoted(&t[i + 5..]))
            .unwrap_or_else(|| field.to_string());
        let col = code.find(field).unwrap_or(0);
        model.columns.push(ColumnFact {
            name: field.to_string(),
            column,
            span: start + col..start + col + field.len(),
        });
    }
    out.retain(|m| !m.table.is_empty());
    out
}

fn quoted(s: &str) -> Option<String> {
    let s = s.trim_start();
    let s = s.strip_prefix("name:").map(str::trim_start).unwrap_or(s);
    let rest = s.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn models_maps_and_relations() {
        let text = "enum Role {\n  USER\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique @map(\"email_address\")\n  role  Role\n  posts Post[]\n  @@map(\"users\")\n}\n\nmodel Post {\n  id       Int  @id\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n";
        let m = super::models(text);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].table, "users");
        let cols: Vec<&str> = m[0].columns.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(cols, ["id", "email_address", "role"]);
        assert_eq!(&text[m[0].span.clone()], "User");
        let cols: Vec<&str> = m[1].columns.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(cols, ["id", "authorId"]);
    }

    #[test]
    fn broken_input_does_not_panic() {
        for s in [
            "model",
            "model {",
            "model X {\n  a\n",
            "@@map(\"",
            "model X {\n @@map(\"x\n}",
        ] {
            let _ = super::models(s);
        }
    }
}

//! Rust models: Diesel `table!` blocks and SeaORM `DeriveEntityModel`
//! structs.

use proc_macro2::{Delimiter, Span as PmSpan, TokenStream, TokenTree};
use regex::Regex;
use std::sync::LazyLock;

use super::{ColumnFact, FileFacts, ModelFact, Orm, Span};
use crate::workspace::SourceFile;

fn byte_range(file: &SourceFile, span: PmSpan) -> Span {
    let to_offset = |lc: proc_macro2::LineColumn| {
        let idx = file.line_index();
        if lc.line == 0 || lc.line > idx.line_count() {
            return 0;
        }
        let start = idx.line_start(lc.line - 1);
        let line = idx.line_text(&file.text, lc.line - 1);
        start
            + line
                .char_indices()
                .nth(lc.column)
                .map_or(line.len(), |(b, _)| b)
    };
    let (s, e) = (to_offset(span.start()), to_offset(span.end()));
    s..e.max(s)
}

pub fn collect(syntax: &syn::File, file: &SourceFile, facts: &mut FileFacts) {
    for item in &syntax.items {
        match item {
            syn::Item::Macro(m) => {
                let is_table = m
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "table");
                if is_table {
                    facts
                        .models
                        .extend(diesel_table(m.mac.tokens.clone(), file));
                }
            }
            syn::Item::Struct(s) => {
                if let Some(model) = sea_orm_model(s, file) {
                    facts.models.push(model);
                }
            }
            _ => {}
        }
    }
}

/// `users (id) { id -> Integer, #[sql_name = "email"] mail -> Text, }`;
/// a `schema.table` name keeps the table.
fn diesel_table(tokens: TokenStream, file: &SourceFile) -> Option<ModelFact> {
    let mut name: Option<(String, PmSpan)> = None;
    let mut body = None;
    let mut sql_name: Option<String> = None;
    let mut pending_attr = false;
    for tt in tokens {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '#' => pending_attr = true,
            TokenTree::Group(g) if pending_attr && g.delimiter() == Delimiter::Bracket => {
                pending_attr = false;
                sql_name = attr_string(&g.stream().to_string(), "sql_name").or(sql_name);
            }
            TokenTree::Ident(i) => name = Some((i.to_string(), i.span())),
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                body = Some(g.stream());
                break;
            }
            _ => {}
        }
    }
    let (table_ident, span) = name?;
    let mut columns = Vec::new();
    let mut prev: Option<proc_macro2::Ident> = None;
    let mut col_sql: Option<String> = None;
    let mut pending_attr = false;
    let mut arrow = false;
    for tt in body? {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == '#' => pending_attr = true,
            TokenTree::Group(g) if pending_attr && g.delimiter() == Delimiter::Bracket => {
                pending_attr = false;
                col_sql = attr_string(&g.stream().to_string(), "sql_name");
            }
            TokenTree::Punct(p) if p.as_char() == '-' => arrow = true,
            TokenTree::Punct(p) if p.as_char() == '>' && arrow => {
                if let Some(id) = prev.take() {
                    columns.push(ColumnFact {
                        name: id.to_string(),
                        column: col_sql.take().unwrap_or_else(|| id.to_string()),
                        span: byte_range(file, id.span()),
                    });
                }
                arrow = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => {
                prev = None;
                arrow = false;
            }
            TokenTree::Ident(i) if !arrow && prev.is_none() => {
                prev = Some(i.clone());
            }
            _ => {}
        }
    }
    Some(ModelFact {
        name: table_ident.clone(),
        span: byte_range(file, span),
        table: sql_name.unwrap_or(table_ident),
        orm: Orm::Diesel,
        columns,
        columns_known: true,
    })
}

static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(\w+)\s*=\s*"([^"]*)""#).expect("valid regex"));

fn attr_string(text: &str, key: &str) -> Option<String> {
    ATTR.captures_iter(text)
        .find(|c| &c[1] == key)
        .map(|c| c[2].to_string())
}

fn sea_orm_model(s: &syn::ItemStruct, file: &SourceFile) -> Option<ModelFact> {
    let derives = s
        .attrs
        .iter()
        .any(|a| a.path().is_ident("derive") && quote_tokens(a).contains("DeriveEntityModel"));
    if !derives {
        return None;
    }
    let table = s
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("sea_orm"))
        .find_map(|a| attr_string(&quote_tokens(a), "table_name"))?;
    let mut columns = Vec::new();
    for f in &s.fields {
        let Some(ident) = &f.ident else { continue };
        let sea: Vec<String> = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("sea_orm"))
            .map(quote_tokens)
            .collect();
        if sea.iter().any(|t| t.contains("ignore")) {
            continue;
        }
        let name = ident.to_string().trim_start_matches("r#").to_string();
        let column = sea
            .iter()
            .find_map(|t| attr_string(t, "column_name"))
            .unwrap_or_else(|| name.clone());
        columns.push(ColumnFact {
            name,
            column,
            span: byte_range(file, ident.span()),
        });
    }
    // SeaORM names every entity struct `Model`; its module names the entity.
    let name = if s.ident == "Model" {
        let stem = file
            .rel
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".rs");
        format!("{stem}::Model")
    } else {
        s.ident.to_string()
    };
    Some(ModelFact {
        name,
        span: byte_range(file, s.ident.span()),
        table,
        orm: Orm::SeaOrm,
        columns,
        columns_known: true,
    })
}

fn quote_tokens(a: &syn::Attribute) -> String {
    match &a.meta {
        syn::Meta::List(l) => l.tokens.to_string(),
        _ => String::new(),
    }
}

//! Mocking constructs in Rust, from syn.

use std::ops::Range;

use proc_macro2::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Attribute, Item, Meta, Path, UseTree};

use super::facts::{MockFact, RUST_CRATES};
use crate::text::LineIndex;

/// Byte offsets of a syn span in `text`.
pub(super) struct Spans<'t> {
    text: &'t str,
    lines: LineIndex,
}

impl<'t> Spans<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Self {
            text,
            lines: LineIndex::new(text),
        }
    }

    fn offset(&self, lc: proc_macro2::LineColumn) -> usize {
        let line0 = lc.line.saturating_sub(1).min(self.lines.line_count() - 1);
        let mut start = self.lines.line_start(line0);
        if line0 == 0 && self.text.starts_with('\u{feff}') {
            start += 3;
        }
        let rest = &self.text[start..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        start
            + line
                .char_indices()
                .nth(lc.column)
                .map_or(line.len(), |(i, _)| i)
    }

    pub(super) fn range(&self, s: Span) -> Range<usize> {
        let start = self.offset(s.start());
        let end = self.offset(s.end()).max(start);
        start..end
    }
}

fn path_text(p: &Path) -> String {
    p.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

#[derive(Default)]
struct Uses {
    /// Local name → full path (`Server` → `mockito::Server`).
    by_local: FxHashMap<String, String>,
    /// Crates glob-imported (`use mockall::*`) or named at all.
    crates: FxHashSet<String>,
}

impl Uses {
    fn add(&mut self, prefix: &str, tree: &UseTree) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}::{name}")
            }
        };
        match tree {
            UseTree::Path(p) => self.add(&join(&p.ident.to_string()), &p.tree),
            UseTree::Name(n) => {
                let name = n.ident.to_string();
                let full = if name == "self" {
                    prefix.to_string()
                } else {
                    join(&name)
                };
                let local = full.rsplit("::").next().unwrap_or(&full).to_string();
                self.note(&full);
                self.by_local.insert(local, full);
            }
            UseTree::Rename(r) => {
                let full = join(&r.ident.to_string());
                self.note(&full);
                self.by_local.insert(r.rename.to_string(), full);
            }
            UseTree::Glob(_) => self.note(prefix),
            UseTree::Group(g) => {
                for t in &g.items {
                    self.add(prefix, t);
                }
            }
        }
    }

    fn note(&mut self, full: &str) {
        let root = full
            .trim_start_matches("::")
            .split("::")
            .next()
            .unwrap_or("");
        self.crates.insert(root.to_string());
    }

    fn resolve(&self, p: &Path) -> String {
        let text = path_text(p);
        let (first, rest) = match text.split_once("::") {
            Some((f, r)) => (f, Some(r)),
            None => (text.as_str(), None),
        };
        match (self.by_local.get(first), rest) {
            (Some(full), Some(rest)) => format!("{full}::{rest}"),
            (Some(full), None) => full.clone(),
            (None, _) => text,
        }
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// `#[cfg(test)]`, `#[cfg(all(test, ...))]`: compiled only for tests.
pub(super) fn is_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, Meta::List(l) if l.tokens.clone().into_iter().any(|t| t.to_string() == "test"))
    })
}

struct Visitor<'t> {
    spans: Spans<'t>,
    uses: Uses,
    /// Inside `#[cfg(test)]` items.
    test_depth: usize,
    production: bool,
    out: Vec<MockFact>,
}

impl Visitor<'_> {
    fn push(&mut self, s: Span, what: String) {
        if self.production && self.test_depth > 0 {
            return;
        }
        let r = self.spans.range(s);
        self.out.push(MockFact::new(r, what));
    }

    /// The mocking attribute a path names, if any.
    fn mocking_attribute(&self, p: &Path) -> Option<String> {
        let full = self.uses.resolve(p);
        let last = full.rsplit("::").next().unwrap_or("");
        if last == "automock" && (full == "automock" || full.starts_with("mockall::")) {
            return Some("`#[automock]` (mockall)".into());
        }
        if matches!(full.as_str(), "faux::create" | "faux::methods") {
            return Some(format!("`#[{full}]` (faux)"));
        }
        None
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        let test = is_cfg_test(item_attrs(item));
        self.test_depth += usize::from(test);
        if self.production
            && self.test_depth == 0
            && let Item::Use(u) = item
        {
            let mut uses = Uses::default();
            uses.add("", &u.tree);
            if let Some(c) = RUST_CRATES.iter().find(|c| uses.crates.contains(**c)) {
                self.push(u.span(), format!("mocking library `{c}` imported"));
            }
        }
        if self.production
            && let Item::ExternCrate(e) = item
            && let Some(c) = RUST_CRATES.iter().find(|c| e.ident == **c)
        {
            self.push(e.span(), format!("mocking library `{c}` imported"));
        }
        visit::visit_item(self, item);
        self.test_depth -= usize::from(test);
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        if let Some(what) = self.mocking_attribute(attr.path()) {
            self.push(attr.span(), what);
            return;
        }
        if attr.path().is_ident("cfg_attr")
            && let Ok(metas) =
                attr.parse_args_with(Punctuated::<Meta, syn::Token![,]>::parse_terminated)
        {
            let test_only = metas.first().is_some_and(|m| {
                m.to_token_stream_string()
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == "test")
            });
            for m in metas.iter().skip(1) {
                if let Some(what) = self.mocking_attribute(m.path()) {
                    // `#[cfg_attr(test, automock)]` is compiled only into tests.
                    if !(self.production && test_only) {
                        self.push(attr.span(), what);
                    }
                    return;
                }
            }
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let full = self.uses.resolve(&mac.path);
        let mockall_in_scope = self.uses.crates.contains("mockall");
        if full == "mockall::mock" || (full == "mock" && mockall_in_scope) {
            self.push(mac.span(), "`mock!` (mockall)".into());
        }
        visit::visit_macro(self, mac);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if !self.production
            && let syn::Expr::Path(p) = call.func.as_ref()
        {
            let full = self.uses.resolve(&p.path);
            let segs: Vec<&str> = full.trim_start_matches("::").split("::").collect();
            let krate = segs.first().copied().unwrap_or("");
            let owner = segs.len().checked_sub(2).map(|i| segs[i]).unwrap_or("");
            if matches!(krate, "mockito" | "wiremock" | "httpmock")
                && (matches!(owner, "Server" | "MockServer" | "Mock") || full == "mockito::mock")
            {
                self.push(call.span(), format!("`{full}` ({krate})"));
            }
        }
        visit::visit_expr_call(self, call);
    }
}

trait TokenText {
    fn to_token_stream_string(&self) -> String;
}

impl TokenText for Meta {
    fn to_token_stream_string(&self) -> String {
        quote_meta(self)
    }
}

fn quote_meta(m: &Meta) -> String {
    match m {
        Meta::Path(p) => path_text(p),
        Meta::List(l) => format!("{}({})", path_text(&l.path), l.tokens),
        Meta::NameValue(nv) => path_text(&nv.path),
    }
}

fn run(file: &syn::File, text: &str, production: bool) -> Vec<MockFact> {
    let mut uses = Uses::default();
    for item in &file.items {
        collect_uses(item, &mut uses);
    }
    let mut v = Visitor {
        spans: Spans::new(text),
        uses,
        test_depth: 0,
        production,
        out: Vec::new(),
    };
    v.visit_file(file);
    v.out
}

fn collect_uses(item: &Item, uses: &mut Uses) {
    match item {
        Item::Use(u) => uses.add("", &u.tree),
        Item::Mod(m) => {
            for i in m.content.iter().flat_map(|(_, items)| items) {
                collect_uses(i, uses);
            }
        }
        _ => {}
    }
}

/// Mocking constructs in an integration-test file.
pub fn test_constructs(file: &syn::File, text: &str) -> Vec<MockFact> {
    run(file, text, false)
}

/// Mocking imports and attributes outside `#[cfg(test)]` in library code.
pub fn production_facts(file: &syn::File, text: &str) -> Vec<MockFact> {
    run(file, text, true)
}

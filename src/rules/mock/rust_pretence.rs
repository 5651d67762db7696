//! Rust code that pretends to do its work: fake implementations and silent
//! fallbacks, from syn. The decision is `pretence.rs`'s; this reads a
//! function into its facts and finds the failure branches.

use std::ops::Range;

use proc_macro2::{TokenStream, TokenTree};
use rustc_hash::FxHashSet;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Attribute, Block, Expr, FnArg, ImplItem, Item, Lit, Member, Pat, Signature, Stmt};

use super::facts::Pretence;
use super::pretence::{
    FunctionFacts, Literal, Returned, confession_note, fake_implementation, fallback_default,
    fallback_return, is_errorish, is_success_text, names_made_up_data,
};
use super::rust::{Spans, is_cfg_test};
use super::vocabulary::{Vocabulary, words};

/// Fake implementations and silent fallbacks in a production file, outside
/// `#[cfg(test)]` items, tests, benches and `impl Default`.
pub fn pretences(file: &syn::File, text: &str, vocab: &Vocabulary) -> Vec<Pretence> {
    let mut w = Walker {
        spans: Spans::new(text),
        text,
        vocab,
        impls: Vec::new(),
        fallback: Vec::new(),
        out: Vec::new(),
    };
    w.visit_file(file);
    w.out.sort_by_key(|p| (p.range.start, p.range.end));
    w.out.dedup_by(|a, b| a.range == b.range);
    w.out
}

/// The enclosing `impl`: whether it implements a trait, and whether its
/// functions are outside the rule (`impl Default`, null objects).
#[derive(Clone, Copy)]
struct ImplInfo {
    of_trait: bool,
    exempt: bool,
}

#[derive(Clone)]
struct Fallback {
    why: String,
    range: Range<usize>,
    /// Only lists of records, sample text and names that say so count
    /// (an `Option`'s default is usually configuration, not made-up data).
    records_only: bool,
}

struct Walker<'t> {
    spans: Spans<'t>,
    text: &'t str,
    vocab: &'t Vocabulary,
    impls: Vec<ImplInfo>,
    fallback: Vec<Fallback>,
    out: Vec<Pretence>,
}

fn path_text(p: &syn::Path) -> String {
    p.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn last_segment(p: &syn::Path) -> String {
    p.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// `#[test]`, `#[tokio::test]`, `#[bench]`, `#[rstest]`, `#[cfg(test)]`.
fn is_test_fn(attrs: &[Attribute]) -> bool {
    is_cfg_test(attrs)
        || attrs.iter().any(|a| {
            matches!(
                last_segment(a.path()).as_str(),
                "test" | "bench" | "rstest" | "test_case" | "quickcheck" | "proptest"
            )
        })
}

/// A type named as a deliberate do-nothing implementation: its methods
/// return success without work by design.
fn is_null_object(name: &str) -> bool {
    [
        "Noop",
        "NoOp",
        "Nop",
        "Null",
        "Dummy",
        "Disabled",
        "Discard",
        "Empty",
        "Void",
        "Blackhole",
        "BlackHole",
        "Unit",
        "Nil",
        "Never",
    ]
    .iter()
    .any(|p| {
        name.strip_prefix(p)
            .is_some_and(|r| r.is_empty() || r.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

fn type_name(t: &syn::Type) -> String {
    match t {
        syn::Type::Path(p) => last_segment(&p.path),
        syn::Type::Reference(r) => type_name(&r.elem),
        _ => String::new(),
    }
}

const LOG_MACROS: &[&str] = &[
    "println", "eprintln", "print", "eprint", "info", "debug", "warn", "error", "trace", "event",
    "log",
];

/// Macros that build a value rather than do work.
const VALUE_MACROS: &[&str] = &["vec", "format", "json", "concat", "stringify", "matches"];

/// Macros that make a body an honest placeholder, not a fake.
const PANIC_MACROS: &[&str] = &["todo", "unimplemented", "panic", "unreachable"];

fn is_log_macro(m: &syn::Macro) -> bool {
    let full = path_text(&m.path);
    let last = last_segment(&m.path);
    LOG_MACROS.contains(&last.as_str())
        && (m.path.segments.len() == 1
            || full.starts_with("tracing::")
            || full.starts_with("log::")
            || full.starts_with("std::"))
}

/// A call that does no work a name could promise: clocks, ids, sleeps,
/// allocation and conversions.
fn is_cosmetic_path(p: &str) -> bool {
    let last = p.rsplit("::").next().unwrap_or(p);
    let owner = p.rsplit("::").nth(1).unwrap_or("");
    matches!(
        (owner, last),
        ("Instant" | "SystemTime" | "Utc" | "Local", "now")
            | ("Uuid", _)
            | (
                "Box" | "Arc" | "Rc" | "Vec" | "String" | "HashMap" | "BTreeMap" | "HashSet",
                "new" | "from" | "with_capacity"
            )
            | ("Duration", _)
            | ("Default", "default")
            | (_, "sleep")
    ) || p.starts_with("rand::")
        || p.starts_with("fastrand::")
        || p == "thread_rng"
}

const COSMETIC_METHODS: &[&str] = &[
    "to_string",
    "to_owned",
    "into",
    "clone",
    "as_str",
    "to_vec",
    "await",
    "round",
    "abs",
    "min",
    "max",
    "clamp",
    "gen",
    "gen_range",
    "gen_bool",
    "random",
    "random_range",
    "random_bool",
    "len",
];

/// A constructor call (`Ok(..)`, `Some(..)`, `Point(..)`): a value, not
/// work.
fn is_constructor(func: &Expr) -> bool {
    matches!(func, Expr::Path(p) if last_segment(&p.path).starts_with(|c: char| c.is_ascii_uppercase()))
}

/// `Ok(x)`, `Some(x)`, `Box::new(x)`, `x.into()`, `x.to_string()`: the
/// value inside.
fn unwrap_value(e: &Expr) -> &Expr {
    match e {
        Expr::Call(c) if c.args.len() == 1 => match c.func.as_ref() {
            Expr::Path(p)
                if matches!(
                    path_text(&p.path).as_str(),
                    "Ok" | "Some" | "Box::new" | "Arc::new" | "String::from" | "Json"
                ) =>
            {
                unwrap_value(&c.args[0])
            }
            _ => e,
        },
        Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into" | "to_vec"
                ) =>
        {
            unwrap_value(&m.receiver)
        }
        Expr::Paren(p) => unwrap_value(&p.expr),
        Expr::Reference(r) => unwrap_value(&r.expr),
        Expr::Group(g) => unwrap_value(&g.expr),
        _ => e,
    }
}

fn macro_name(m: &syn::Macro) -> String {
    last_segment(&m.path)
}

/// The elements of `vec![a, b]`, if they parse as expressions.
fn vec_elements(m: &syn::Macro) -> Option<Vec<Expr>> {
    if macro_name(m) != "vec" {
        return None;
    }
    m.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        .ok()
        .map(|p| p.into_iter().collect())
}

/// A literal or a structure of literals.
fn is_constant(e: &Expr) -> bool {
    let e = unwrap_value(e);
    match e {
        Expr::Lit(_) => true,
        Expr::Unary(u) => matches!(u.op, syn::UnOp::Neg(_)) && is_constant(&u.expr),
        Expr::Tuple(t) => t.elems.iter().all(is_constant),
        Expr::Array(a) => a.elems.iter().all(is_constant),
        Expr::Struct(s) => {
            s.fields.iter().all(|f| is_constant(&f.expr))
                && s.rest.as_deref().is_none_or(is_default_call)
        }
        Expr::Path(p) => matches!(path_text(&p.path).as_str(), "None"),
        Expr::Call(c) => {
            // `Ok(())`, `Some(3)`, `Default::default()`, `Vec::new()`.
            (is_constructor(&c.func) && c.args.iter().all(is_constant)) || is_default_call(e)
        }
        Expr::Macro(m) => vec_elements(&m.mac).is_some_and(|v| v.iter().all(is_constant)),
        _ => false,
    }
}

fn is_default_call(e: &Expr) -> bool {
    matches!(e, Expr::Call(c) if c.args.is_empty() && matches!(c.func.as_ref(), Expr::Path(p)
        if matches!(last_segment(&p.path).as_str(), "default" | "new")))
}

/// A literal that is an answer, not a default.
fn substantive(e: &Expr) -> Option<(&'static str, bool)> {
    let e = unwrap_value(e);
    if !is_constant(e) {
        return None;
    }
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) if !s.value().trim().is_empty() => Some(("a literal string", true)),
            Lit::Int(i) if !matches!(i.base10_digits(), "0" | "1") => {
                Some(("a fixed number", true))
            }
            Lit::Float(f) => {
                let v: f64 = f.base10_parse().unwrap_or(0.0);
                (v != 0.0 && v != 1.0).then_some(("a fixed number", true))
            }
            _ => None,
        },
        Expr::Unary(u) => substantive(&u.expr).filter(|(w, _)| *w == "a fixed number"),
        Expr::Tuple(t) if !t.elems.is_empty() => Some(("a literal tuple", false)),
        Expr::Array(a) if !a.elems.is_empty() => Some(("a literal array", false)),
        Expr::Struct(s) if !s.fields.is_empty() => Some(("a literal struct", false)),
        Expr::Macro(m) if vec_elements(&m.mac).is_some_and(|v| !v.is_empty()) => {
            Some(("a literal vec", false))
        }
        _ => None,
    }
}

fn lit_str(e: &Expr) -> Option<String> {
    match unwrap_value(e) {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn member_name(m: &Member) -> Option<String> {
    match m {
        Member::Named(i) => Some(i.to_string()),
        Member::Unnamed(_) => None,
    }
}

/// A struct of literals with at least one informative value and no field
/// or value that reports an error.
fn is_record(s: &syn::ExprStruct) -> bool {
    if s.fields.is_empty() {
        return false;
    }
    let mut informative = false;
    for f in &s.fields {
        let Some(key) = member_name(&f.member) else {
            return false;
        };
        if is_errorish(&key) || !is_constant(&f.expr) {
            return false;
        }
        if lit_str(&f.expr).is_some_and(|s| is_errorish(&s)) {
            return false;
        }
        if substantive(&f.expr).is_some() || is_true(&f.expr) {
            informative = true;
        }
    }
    informative && !is_errorish(&last_segment(&s.path))
}

fn is_true(e: &Expr) -> bool {
    matches!(unwrap_value(e), Expr::Lit(l) if matches!(&l.lit, Lit::Bool(b) if b.value()))
}

/// A random value: `rand::random()`, `thread_rng().gen()`,
/// `rng.gen_range(0.7..0.99)`, and arithmetic or rounding on one.
fn is_random(e: &Expr) -> bool {
    match e {
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Path(p) => {
                let full = path_text(&p.path);
                full == "random"
                    || full.starts_with("rand::") && full.ends_with("random")
                    || full.starts_with("fastrand::")
                    || c.args.iter().any(is_random)
                        && matches!(last_segment(&p.path).as_str(), "from" | "round")
            }
            _ => false,
        },
        Expr::MethodCall(m) => {
            let method = m.method.to_string();
            let draws = matches!(
                method.as_str(),
                "gen" | "gen_range" | "gen_bool" | "random" | "random_range" | "random_bool"
            ) && is_rng(&m.receiver);
            draws
                || matches!(
                    method.as_str(),
                    "round" | "clamp" | "min" | "max" | "abs" | "floor" | "ceil"
                ) && is_random(&m.receiver)
        }
        Expr::Binary(b) => is_random(&b.left) || is_random(&b.right),
        Expr::Paren(p) => is_random(&p.expr),
        Expr::Cast(c) => is_random(&c.expr),
        Expr::Unary(u) => is_random(&u.expr),
        Expr::Group(g) => is_random(&g.expr),
        _ => false,
    }
}

/// A random number generator: `thread_rng()`, `rand::rng()`, a variable
/// or field named `rng`.
fn is_rng(e: &Expr) -> bool {
    match e {
        Expr::Call(c) => matches!(c.func.as_ref(), Expr::Path(p)
            if matches!(last_segment(&p.path).as_str(), "thread_rng" | "rng" | "from_entropy" | "from_os_rng")),
        Expr::Path(p) => words(&last_segment(&p.path)).iter().any(|w| w == "rng"),
        Expr::Field(f) => {
            member_name(&f.member).is_some_and(|n| words(&n).iter().any(|w| w == "rng"))
        }
        Expr::Reference(r) => is_rng(&r.expr),
        Expr::Paren(p) => is_rng(&p.expr),
        _ => false,
    }
}

/// What one function body does, read once. Closures and nested items are
/// not part of it.
#[derive(Default)]
struct Body<'a> {
    reads: FxHashSet<String>,
    calls: usize,
    work_calls: usize,
    logging_calls: usize,
    returns: Vec<&'a Expr>,
    assigns: Vec<(String, &'a Expr)>,
    log_text: Vec<String>,
    panics: bool,
}

impl<'a> Body<'a> {
    fn tokens(&mut self, tokens: &TokenStream) {
        for t in tokens.clone() {
            match t {
                TokenTree::Ident(i) => {
                    self.reads.insert(i.to_string());
                }
                TokenTree::Group(g) => self.tokens(&g.stream()),
                TokenTree::Literal(l) => {
                    // Inline format arguments: `"{account_id}"`.
                    let s = l.to_string();
                    for part in s.split('{').skip(1) {
                        let name: String = part
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() {
                            self.reads.insert(name);
                        }
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
}

impl<'a> Visit<'a> for Body<'a> {
    fn visit_item(&mut self, _: &'a Item) {}
    fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    fn visit_expr_path(&mut self, p: &'a syn::ExprPath) {
        if let Some(first) = p.path.segments.first() {
            self.reads.insert(first.ident.to_string());
        }
    }
    fn visit_expr_return(&mut self, r: &'a syn::ExprReturn) {
        if let Some(e) = &r.expr {
            self.returns.push(e);
        }
        visit::visit_expr_return(self, r);
    }
    fn visit_local(&mut self, l: &'a syn::Local) {
        if let (Pat::Ident(i), Some(init)) = (&l.pat, &l.init) {
            self.assigns.push((i.ident.to_string(), &init.expr));
        }
        visit::visit_local(self, l);
    }
    fn visit_expr_call(&mut self, c: &'a syn::ExprCall) {
        if !is_constructor(&c.func) {
            self.calls += 1;
            let cosmetic =
                matches!(c.func.as_ref(), Expr::Path(p) if is_cosmetic_path(&path_text(&p.path)));
            if !cosmetic {
                self.work_calls += 1;
            }
        }
        visit::visit_expr_call(self, c);
    }
    fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
        let method = m.method.to_string();
        let conversion = m.args.is_empty()
            && matches!(
                method.as_str(),
                "to_string" | "to_owned" | "into" | "to_vec"
            )
            && is_constant(&m.receiver);
        if !conversion {
            self.calls += 1;
            if !COSMETIC_METHODS.contains(&method.as_str()) {
                self.work_calls += 1;
            }
        }
        visit::visit_expr_method_call(self, m);
    }
    fn visit_macro(&mut self, m: &'a syn::Macro) {
        let name = macro_name(m);
        if PANIC_MACROS.contains(&name.as_str()) {
            self.panics = true;
        } else if is_log_macro(m) {
            self.calls += 1;
            self.logging_calls += 1;
            if let Some(TokenTree::Literal(l)) = m
                .tokens
                .clone()
                .into_iter()
                .find(|t| matches!(t, TokenTree::Literal(_)))
            {
                self.log_text
                    .push(l.to_string().trim_matches('"').to_string());
            }
        } else if !VALUE_MACROS.contains(&name.as_str()) {
            self.calls += 1;
            self.work_calls += 1;
        }
        self.tokens(&m.tokens);
        // `vec![..]` elements are expressions: visit them for calls.
        if let Some(elems) = vec_elements(m) {
            let mut inner = Body::default();
            for e in &elems {
                inner.visit_expr(e);
            }
            self.calls += inner.calls;
            self.work_calls += inner.work_calls;
        }
    }
}

/// The value a block ends with, if it has a tail expression.
fn tail(b: &Block) -> Option<&Expr> {
    match b.stmts.last() {
        Some(Stmt::Expr(e, None)) => Some(e),
        _ => None,
    }
}

/// The values an expression answers with: itself, or the tails of a block,
/// `if`/`match` arms.
fn values(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Block(b) => tail(&b.block).map(values).unwrap_or_default(),
        Expr::Unsafe(b) => tail(&b.block).map(values).unwrap_or_default(),
        Expr::Async(b) => tail(&b.block).map(values).unwrap_or_default(),
        Expr::If(i) => {
            let mut v = tail(&i.then_branch).map(values).unwrap_or_default();
            if let Some((_, e)) = &i.else_branch {
                v.extend(values(e));
            }
            v
        }
        Expr::Match(m) => m.arms.iter().flat_map(|a| values(&a.body)).collect(),
        Expr::Return(_) => Vec::new(),
        e => vec![e],
    }
}

impl Walker<'_> {
    fn confession(&self, range: Range<usize>) -> Option<String> {
        confession_note(self.text, range, "//", self.vocab)
    }

    fn check_function(&mut self, sig: &Signature, block: &Block, whole: Range<usize>) {
        let ImplInfo { of_trait, exempt } = self.impls.last().copied().unwrap_or(ImplInfo {
            of_trait: false,
            exempt: false,
        });
        let name = sig.ident.to_string();
        if exempt || name.starts_with("test_") {
            return;
        }
        let mut inputs = Vec::new();
        for a in &sig.inputs {
            match a {
                FnArg::Receiver(_) => inputs.push("self".to_string()),
                FnArg::Typed(t) => collect_bindings(&t.pat, &mut inputs),
            }
        }
        let mut body = Body::default();
        body.visit_block(block);
        if body.panics {
            return;
        }
        let mut returned: Vec<&Expr> = body.returns.clone();
        if let Some(t) = tail(block) {
            returned.extend(values(t));
        }
        let uses_inputs = inputs.iter().any(|p| body.reads.contains(p));
        let only_literals = block.stmts.iter().all(|s| match s {
            Stmt::Local(l) => l.init.as_ref().is_none_or(|i| is_constant(&i.expr)),
            Stmt::Macro(m) => is_log_macro(&m.mac),
            Stmt::Expr(Expr::Macro(m), _) => is_log_macro(&m.mac) || is_constant(&Expr::Macro(m.clone())),
            Stmt::Expr(Expr::Return(r), _) => r.expr.as_deref().is_none_or(is_constant),
            Stmt::Expr(Expr::Await(a), Some(_)) => {
                matches!(a.base.as_ref(), Expr::Call(c) if matches!(c.func.as_ref(), Expr::Path(p) if last_segment(&p.path) == "sleep"))
            }
            Stmt::Expr(e, None) => is_constant(e),
            Stmt::Item(_) => true,
            _ => false,
        });
        let random_names: FxHashSet<&str> = body
            .assigns
            .iter()
            .filter(|(n, v)| self.vocab.names_result(n) && is_random(v))
            .map(|(n, _)| n.as_str())
            .collect();
        // Doing nothing at all: the body is its answer. Inputs all named
        // `_…` declare the no-op deliberate (a feature-gated edition's
        // stub, a hook the caller may skip) unless a comment confesses a
        // simulation.
        let typed: Vec<&String> = inputs.iter().filter(|i| *i != "self").collect();
        let deliberate = !typed.is_empty() && typed.iter().all(|i| i.starts_with('_'));
        let does_nothing = only_literals
            && !uses_inputs
            && !inputs.is_empty()
            && (!deliberate || self.confession(whole.clone()).is_some());
        let returns = returned
            .iter()
            .map(|e| {
                let value = unwrap_value(e);
                Returned {
                    range: self.spans.range(e.span()),
                    random: self.random_in(value, &random_names),
                    success: self.success_claim(e, does_nothing),
                    literal: substantive(value).map(|(what, scalar)| Literal {
                        range: self.spans.range(value.span()),
                        what,
                        scalar,
                    }),
                    is_true: is_true(e) || is_unit_ok(e),
                }
            })
            .collect();
        let function = FunctionFacts {
            name: name.clone(),
            name_range: self.spans.range(sig.ident.span()),
            has_inputs: !inputs.is_empty(),
            uses_inputs,
            calls: body.calls,
            work_calls: body.work_calls,
            logging_calls: body.logging_calls,
            in_subclass: of_trait,
            only_literals,
            returns,
            log_text: std::mem::take(&mut body.log_text),
        };
        let decided = fake_implementation(&function, self.vocab, || self.confession(whole.clone()));
        self.out.extend(decided);
    }

    fn random_in(&self, e: &Expr, random_names: &FxHashSet<&str>) -> Option<Option<String>> {
        if is_random(e) {
            return Some(None);
        }
        match e {
            Expr::Struct(s) => s.fields.iter().find_map(|f| {
                let n = member_name(&f.member)?;
                (self.vocab.names_result(&n) && is_random(&f.expr)).then_some(Some(n))
            }),
            Expr::Path(p) => {
                let n = last_segment(&p.path);
                random_names.contains(n.as_str()).then_some(Some(n))
            }
            _ => None,
        }
    }

    /// A success answer with nothing behind it: `Ok(())` or
    /// `Ok(Default::default())` from a body that does nothing else, or a
    /// struct of literals claiming success (`SendReceipt { delivered: true }`).
    fn success_claim(&self, e: &Expr, does_nothing: bool) -> Option<String> {
        if does_nothing
            && let Expr::Call(c) = e
            && matches!(c.func.as_ref(), Expr::Path(p) if path_text(&p.path) == "Ok")
            && c.args.len() == 1
        {
            let inner = &c.args[0];
            if matches!(inner, Expr::Tuple(t) if t.elems.is_empty()) {
                return Some("Ok(())".into());
            }
            if is_default_call(inner) || is_true(inner) {
                return Some(format!(
                    "Ok({})",
                    if is_true(inner) {
                        "true"
                    } else {
                        "Default::default()"
                    }
                ));
            }
        }
        let Expr::Struct(s) = unwrap_value(e) else {
            return None;
        };
        let mut claim = None;
        for f in &s.fields {
            let key = member_name(&f.member)?;
            if super::pretence::is_error_key(&key) || !is_constant(&f.expr) {
                return None;
            }
            let value = unwrap_value(&f.expr);
            if self.vocab.is_success_key(&key) {
                if is_true(value) {
                    claim = Some(format!("{key}: true"));
                } else if let Some(t) = lit_str(value).filter(|t| is_success_text(t)) {
                    claim = Some(format!("{key}: \"{t}\""));
                } else if let Expr::Lit(l) = value
                    && let Lit::Int(i) = &l.lit
                    && i.base10_parse::<u16>()
                        .is_ok_and(|v| (200..300).contains(&v))
                {
                    claim = Some(format!("{key}: {}", i.base10_digits()));
                }
            }
        }
        claim
    }

    fn is_fake_name(&self, name: &str) -> bool {
        names_made_up_data(self.vocab, name)
    }

    /// Made-up data, for the message.
    fn made_up(&self, e: &Expr, records_only: bool) -> Option<String> {
        let e = unwrap_value(e);
        match e {
            Expr::Struct(s) if is_record(s) => {
                let fake_text = s
                    .fields
                    .iter()
                    .any(|f| lit_str(&f.expr).is_some_and(|t| self.vocab.is_fake_text(&t)));
                (!records_only || fake_text).then(|| "a literal record".into())
            }
            Expr::Array(_) | Expr::Macro(_) => {
                let elems: Vec<Expr> = match e {
                    Expr::Array(a) => a.elems.iter().cloned().collect(),
                    Expr::Macro(m) => vec_elements(&m.mac)?,
                    _ => return None,
                };
                if elems
                    .iter()
                    .any(|x| matches!(unwrap_value(x), Expr::Struct(s) if is_record(s)))
                {
                    Some("literal records".into())
                } else if elems
                    .iter()
                    .any(|x| lit_str(x).is_some_and(|t| self.vocab.is_fake_text(&t)))
                {
                    Some("a list of sample strings".into())
                } else {
                    None
                }
            }
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) if self.vocab.is_fake_text(&s.value()) => {
                    Some("a string that says it is sample data".into())
                }
                Lit::Float(f) if !records_only => {
                    let v: f64 = f.base10_parse().ok()?;
                    (v.fract() != 0.0).then(|| format!("the fixed number {v}"))
                }
                _ => None,
            },
            Expr::Path(p) if self.is_fake_name(&last_segment(&p.path)) => {
                Some(format!("`{}`", path_text(&p.path)))
            }
            Expr::Call(c) => match c.func.as_ref() {
                Expr::Path(p) if self.is_fake_name(&last_segment(&p.path)) => {
                    Some(format!("`{}(...)`", path_text(&p.path)))
                }
                _ => None,
            },
            Expr::MethodCall(m) if self.is_fake_name(&m.method.to_string()) => {
                Some(format!("`{}(...)`", m.method))
            }
            _ => None,
        }
    }

    fn with_fallback(&mut self, fb: Fallback, f: impl FnOnce(&mut Self)) {
        self.fallback.push(fb);
        f(self);
        self.fallback.pop();
    }

    /// A fallback branch's answer: its returns and its value.
    fn fallback_value(&mut self, value: &Expr) {
        let Some(fb) = self.fallback.last().cloned() else {
            return;
        };
        for v in values(value) {
            if let Some(what) = self.made_up(v, fb.records_only) {
                let confession = self.confession(fb.range.clone()).unwrap_or_default();
                self.out.push(fallback_return(
                    self.spans.range(v.span()),
                    &what,
                    &fb.why,
                    &confession,
                ));
            }
        }
    }

    /// The branch an `if` test makes a fallback of: (then-branch is the
    /// fallback, why, records only).
    fn fallback_test(&self, cond: &Expr) -> Option<(bool, String, bool)> {
        match cond {
            // `if let Ok(x) = call() { .. } else { fallback }`
            Expr::Let(l) => match l.pat.as_ref() {
                Pat::TupleStruct(t) => match last_segment(&t.path).as_str() {
                    "Ok" => Some((false, "the call fails".into(), false)),
                    "Some" => Some((false, "the value is missing".into(), true)),
                    _ => None,
                },
                _ => None,
            },
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
                let shown = shown_name(&u.expr)?;
                let last = shown
                    .rsplit(['.', ':'])
                    .next()
                    .unwrap_or(&shown)
                    .to_string();
                self.vocab
                    .names_availability(&last)
                    .then(|| (true, format!("`{shown}` is missing"), false))
            }
            Expr::MethodCall(m) if m.args.is_empty() => {
                let method = m.method.to_string();
                let shown = shown_name(&m.receiver)?;
                let last = shown
                    .rsplit(['.', ':'])
                    .next()
                    .unwrap_or(&shown)
                    .to_string();
                if !self.vocab.names_availability(&last) {
                    return None;
                }
                match method.as_str() {
                    "is_none" => Some((true, format!("`{shown}` is missing"), false)),
                    "is_some" => Some((false, format!("`{shown}` is missing"), false)),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

fn is_unit_ok(e: &Expr) -> bool {
    matches!(e, Expr::Call(c) if matches!(c.func.as_ref(), Expr::Path(p) if path_text(&p.path) == "Ok")
        && matches!(c.args.first(), Some(Expr::Tuple(t)) if t.elems.is_empty()))
}

/// `self.client`, `CLIENT`, `cfg.api_key`: a name to show.
fn shown_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) => Some(path_text(&p.path)),
        Expr::Field(f) => Some(format!(
            "{}.{}",
            shown_name(&f.base)?,
            member_name(&f.member)?
        )),
        Expr::Reference(r) => shown_name(&r.expr),
        Expr::Paren(p) => shown_name(&p.expr),
        _ => None,
    }
}

fn collect_bindings(p: &Pat, out: &mut Vec<String>) {
    match p {
        Pat::Ident(i) => out.push(i.ident.to_string()),
        Pat::Type(t) => collect_bindings(&t.pat, out),
        Pat::Reference(r) => collect_bindings(&r.pat, out),
        Pat::Tuple(t) => t.elems.iter().for_each(|p| collect_bindings(p, out)),
        Pat::TupleStruct(t) => t.elems.iter().for_each(|p| collect_bindings(p, out)),
        Pat::Struct(s) => s.fields.iter().for_each(|f| collect_bindings(&f.pat, out)),
        _ => {}
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        let attrs: &[Attribute] = match item {
            Item::Mod(m) => &m.attrs,
            Item::Fn(f) => &f.attrs,
            Item::Impl(i) => &i.attrs,
            Item::Trait(t) => &t.attrs,
            Item::Const(c) => &c.attrs,
            Item::Static(s) => &s.attrs,
            _ => &[],
        };
        if is_cfg_test(attrs) {
            return;
        }
        visit::visit_item(self, item);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if is_test_fn(&f.attrs) {
            return;
        }
        // A free function is not a trait method, whatever encloses it.
        self.impls.push(ImplInfo {
            of_trait: false,
            exempt: false,
        });
        self.check_function(&f.sig, &f.block, self.spans.range(f.span()));
        self.impls.pop();
        let saved = std::mem::take(&mut self.fallback);
        visit::visit_item_fn(self, f);
        self.fallback = saved;
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let trait_name = i.trait_.as_ref().map(|(p, _)| last_segment(p));
        let exempt =
            trait_name.as_deref() == Some("Default") || is_null_object(&type_name(&i.self_ty));
        self.impls.push(ImplInfo {
            of_trait: trait_name.is_some(),
            exempt,
        });
        for item in &i.items {
            if let ImplItem::Fn(f) = item {
                if is_test_fn(&f.attrs) {
                    continue;
                }
                self.check_function(&f.sig, &f.block, self.spans.range(f.span()));
                let saved = std::mem::take(&mut self.fallback);
                visit::visit_impl_item_fn(self, f);
                self.fallback = saved;
            } else {
                visit::visit_impl_item(self, item);
            }
        }
        self.impls.pop();
    }

    // Trait default methods are placeholders by design, like an abstract
    // base's: not checked as fakes, still read for fallbacks.

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let saved = std::mem::take(&mut self.fallback);
        visit::visit_expr_closure(self, c);
        self.fallback = saved;
    }

    fn visit_expr_return(&mut self, r: &'ast syn::ExprReturn) {
        if let Some(e) = &r.expr {
            self.fallback_value(e);
        }
        visit::visit_expr_return(self, r);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        self.visit_expr(&m.expr);
        for arm in &m.arms {
            let kind = match &arm.pat {
                // `None =>` is an ordinary case of an `Option`, not a failure.
                Pat::TupleStruct(t) if last_segment(&t.path) == "Err" => Some(false),
                _ => None,
            };
            match kind {
                Some(records_only) => {
                    let range = self.spans.range(arm.span());
                    let why = if records_only {
                        "the value is missing".to_string()
                    } else {
                        "the call fails".to_string()
                    };
                    self.with_fallback(
                        Fallback {
                            why,
                            range,
                            records_only,
                        },
                        |w| {
                            w.fallback_value(&arm.body);
                            w.visit_expr(&arm.body);
                        },
                    );
                }
                None => {
                    // Not a fallback arm, even inside one.
                    let saved = std::mem::take(&mut self.fallback);
                    self.visit_arm(arm);
                    self.fallback = saved;
                }
            }
        }
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.visit_expr(&i.cond);
        let test = self.fallback_test(&i.cond);
        let then_range = self.spans.range(i.then_branch.span());
        match test {
            Some((true, why, records_only)) => {
                self.with_fallback(
                    Fallback {
                        why,
                        range: then_range,
                        records_only,
                    },
                    |w| {
                        if let Some(t) = tail(&i.then_branch) {
                            w.fallback_value(t);
                        }
                        w.visit_block(&i.then_branch);
                    },
                );
                if let Some((_, e)) = &i.else_branch {
                    self.visit_expr(e);
                }
            }
            Some((false, why, records_only)) => {
                self.visit_block(&i.then_branch);
                if let Some((_, e)) = &i.else_branch {
                    let range = self.spans.range(e.span());
                    self.with_fallback(
                        Fallback {
                            why,
                            range,
                            records_only,
                        },
                        |w| {
                            w.fallback_value(e);
                            w.visit_expr(e);
                        },
                    );
                }
            }
            None => visit::visit_expr_if(self, i),
        }
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        // `let Ok(x) = call() else { return SAMPLE };`
        if let Some(init) = &l.init
            && let Some((_, diverge)) = &init.diverge
            && let Pat::TupleStruct(t) = &l.pat
            && last_segment(&t.path) == "Ok"
        {
            self.visit_expr(&init.expr);
            let range = self.spans.range(diverge.span());
            self.with_fallback(
                Fallback {
                    why: "the call fails".into(),
                    range,
                    records_only: false,
                },
                |w| w.visit_expr(diverge),
            );
            return;
        }
        visit::visit_local(self, l);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        let default = match method.as_str() {
            "unwrap_or" | "or" => m.args.first().map(|a| (a, true)),
            "unwrap_or_else" | "or_else" => match m.args.first() {
                // `|_| SAMPLE` takes the error: a failure branch.
                Some(Expr::Closure(c)) => Some((c.body.as_ref(), c.inputs.is_empty())),
                _ => None,
            },
            _ => None,
        };
        if let Some((value, records_only)) = default {
            for v in values(value) {
                if let Some(what) = self.made_up(v, records_only) {
                    let left = match m.receiver.as_ref() {
                        Expr::MethodCall(r) => format!("{}(..)", r.method),
                        Expr::Call(c) => match c.func.as_ref() {
                            Expr::Path(p) => format!("{}(..)", path_text(&p.path)),
                            _ => "the value".into(),
                        },
                        r => shown_name(r).unwrap_or_else(|| "the value".into()),
                    };
                    let range = self.spans.range(m.span());
                    let confession = self.confession(range).unwrap_or_default();
                    let at = self.spans.range(v.span());
                    self.out.push(if records_only {
                        fallback_default(at, &what, &left, &confession)
                    } else {
                        // The closure takes the error: the call failed.
                        fallback_return(at, &what, &format!("`{left}` fails"), &confession)
                    });
                }
            }
        }
        visit::visit_expr_method_call(self, m);
    }
}

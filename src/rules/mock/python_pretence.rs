//! Python code that pretends to do its work: fake implementations and
//! silent fallbacks, from ruff's AST.

use std::ops::Range;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    CmpOp, ExceptHandler, Expr, ModModule, Number, Stmt, StmtClassDef, StmtFunctionDef, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::FxHashSet;

use super::facts::{Pretence, PretenceKind, is_stand_in_class_name};
use super::pretence::{
    FunctionFacts, Literal, Returned, confession_note, fake_implementation, fallback_return,
    is_error_key, is_errorish, is_success_text, names_made_up_data,
};
use super::vocabulary::{Vocabulary, words};
use crate::lang::python_imports::{ImportMap, dotted};

fn span(r: TextRange) -> Range<usize> {
    r.start().to_usize()..r.end().to_usize()
}

/// Fake implementations and silent fallbacks in a production module.
pub fn pretences(module: &ModModule, text: &str, vocab: &Vocabulary) -> Vec<Pretence> {
    let imports = ImportMap::from_module(module);
    let mut stand_ins = FxHashSet::default();
    for s in &module.body {
        if let Stmt::ClassDef(c) = s
            && is_stand_in_class_name(c.name.as_str())
        {
            stand_ins.insert(c.name.to_string());
        }
    }
    let mut w = Walker {
        imports: &imports,
        text,
        vocab,
        stand_ins,
        abstract_class: Vec::new(),
        in_subclass: Vec::new(),
        fallback: Vec::new(),
        out: Vec::new(),
    };
    w.visit_body(&module.body);
    w.out.sort_by_key(|p| (p.range.start, p.range.end));
    w.out.dedup_by(|a, b| a.range == b.range);
    w.out
}

/// Why a branch is a fallback, for the message.
#[derive(Clone)]
struct Fallback {
    why: String,
    /// The branch, to read its comments.
    range: Range<usize>,
    /// The words of the exceptions an `except` catches, less the generic
    /// ones (`ClientDisconnect` → client, disconnect).
    caught: Vec<String>,
}

struct Walker<'a> {
    imports: &'a ImportMap,
    text: &'a str,
    vocab: &'a Vocabulary,
    /// Module-level classes named as stand-ins (`FakeRedis`).
    stand_ins: FxHashSet<String>,
    /// For each enclosing class: whether it is an abstract base or protocol.
    abstract_class: Vec<bool>,
    /// For each enclosing class: whether it derives from another class.
    in_subclass: Vec<bool>,
    fallback: Vec<Fallback>,
    out: Vec<Pretence>,
}

impl Walker<'_> {
    fn confession(&self, range: Range<usize>) -> Option<String> {
        confession_note(self.text, range, "#", self.vocab)
    }

    fn is_random_call(&self, e: &Expr) -> bool {
        let Expr::Call(c) = e else { return false };
        if let Some(q) = self.imports.resolve(&c.func)
            && (q.starts_with("random.") || q.starts_with("numpy.random."))
        {
            return true;
        }
        // `round(random.uniform(0.7, 0.99), 2)`
        matches!(c.func.as_ref(), Expr::Name(n) if matches!(n.id.as_str(), "round" | "float" | "int" | "min" | "max" | "abs"))
            && c.arguments.args.iter().any(|a| self.is_random_call(a))
            || matches!(e, Expr::BinOp(b) if self.is_random_call(&b.left) || self.is_random_call(&b.right))
    }

    /// A call that does no work the name could promise: logging, printing,
    /// ids, clocks and conversions.
    fn is_cosmetic_call(&self, c: &ruff_python_ast::ExprCall) -> bool {
        let name = dotted(&c.func).unwrap_or_default();
        let resolved = self.imports.resolve(&c.func).unwrap_or_default();
        let last = name.rsplit('.').next().unwrap_or("");
        let receiver = name.rsplit_once('.').map(|(r, _)| r).unwrap_or("");
        let logs = receiver.to_ascii_lowercase().contains("log")
            && matches!(
                last,
                "debug" | "info" | "warning" | "warn" | "error" | "exception" | "critical" | "log"
            );
        logs || matches!(
            name.as_str(),
            "print" | "str" | "int" | "float" | "len" | "dict" | "list" | "bool" | "round"
        ) || [
            "uuid.",
            "datetime.",
            "time.",
            "random.",
            "logging.",
            "warnings.warn",
        ]
        .iter()
        .any(|p| resolved.starts_with(p))
            || name.starts_with("datetime.")
    }

    fn is_logging_call(&self, c: &ruff_python_ast::ExprCall) -> bool {
        let name = dotted(&c.func).unwrap_or_default();
        name == "print" || (self.is_cosmetic_call(c) && name.to_ascii_lowercase().contains("log"))
    }

    fn check_function(&mut self, f: &StmtFunctionDef) {
        if self.abstract_class.last().copied().unwrap_or(false) {
            return;
        }
        let skip_decorator = f.decorator_list.iter().any(|d| {
            let e = match &d.expression {
                Expr::Call(c) => c.func.as_ref(),
                e => e,
            };
            let n = dotted(e).unwrap_or_default();
            let last = n.rsplit('.').next().unwrap_or("");
            matches!(
                last,
                "abstractmethod" | "overload" | "fixture" | "setter" | "override_settings"
            ) || n.ends_with(".register")
        });
        let name = f.name.as_str();
        if skip_decorator || name.starts_with("test_") {
            return;
        }
        let body = strip_docstring(&f.body);
        let params: Vec<&str> = f
            .parameters
            .iter()
            .map(|p| p.name().as_str())
            .filter(|n| !matches!(*n, "self" | "cls"))
            .collect();
        let mut facts = BodyFacts::default();
        for s in body {
            facts.visit_stmt(s);
        }
        let random_names: FxHashSet<&str> = facts
            .assigns
            .iter()
            .filter(|(n, v)| self.vocab.names_result(n) && self.is_random_call(v))
            .map(|(n, _)| *n)
            .collect();
        let returns = facts
            .returns
            .iter()
            .map(|r| {
                let value = r.value.as_deref();
                Returned {
                    range: span(r.range),
                    random: value.and_then(|v| self.random_in(v, &random_names)),
                    success: match value {
                        Some(Expr::Dict(d)) => self.success_claim(d),
                        _ => None,
                    },
                    literal: value.filter(|v| is_substantive(v)).map(|v| Literal {
                        range: span(v.range()),
                        what: describe_literal(v),
                        scalar: matches!(v, Expr::StringLiteral(_) | Expr::NumberLiteral(_)),
                    }),
                    is_true: matches!(value, Some(Expr::BooleanLiteral(b)) if b.value),
                }
            })
            .collect();
        let function = FunctionFacts {
            name: name.to_string(),
            name_range: span(f.name.range),
            has_inputs: !params.is_empty(),
            uses_inputs: params.iter().any(|p| facts.loads.contains(*p)),
            calls: facts.calls.len(),
            work_calls: facts
                .calls
                .iter()
                .filter(|c| !self.is_cosmetic_call(c))
                .count(),
            logging_calls: facts
                .calls
                .iter()
                .filter(|c| self.is_logging_call(c))
                .count(),
            in_subclass: self.in_subclass.last().copied().unwrap_or(false),
            only_literals: body.iter().all(|s| match s {
                Stmt::Return(r) => r.value.as_deref().is_none_or(is_constant),
                Stmt::Expr(e) => {
                    matches!(e.value.as_ref(), Expr::Call(c) if self.is_logging_call(c))
                }
                Stmt::Assign(a) => is_constant(&a.value),
                Stmt::AnnAssign(a) => a.value.as_deref().is_none_or(is_constant),
                Stmt::Pass(_) => true,
                _ => false,
            }),
            returns,
            log_text: std::mem::take(&mut facts.log_text),
        };
        let decided = fake_implementation(&function, self.vocab, || {
            confession_note(self.text, span(f.range), "#", self.vocab)
        });
        self.out.extend(decided);
    }

    /// A random value returned: the value itself (`Some(None)`), or a
    /// result-named key or variable holding one.
    fn random_in(&self, e: &Expr, random_names: &FxHashSet<&str>) -> Option<Option<String>> {
        if self.is_random_call(e) {
            return Some(None);
        }
        match e {
            Expr::Dict(d) => d.items.iter().find_map(|item| match &item.key {
                Some(Expr::StringLiteral(k))
                    if self.vocab.names_result(k.value.to_str())
                        && self.is_random_call(&item.value) =>
                {
                    Some(Some(k.value.to_str().to_string()))
                }
                _ => None,
            }),
            Expr::Name(n) if random_names.contains(n.id.as_str()) => Some(Some(n.id.to_string())),
            _ => None,
        }
    }
    /// The success key of a response dict made only of literals.
    fn success_claim(&self, d: &ruff_python_ast::ExprDict) -> Option<String> {
        let mut claim = None;
        for item in &d.items {
            let Some(Expr::StringLiteral(k)) = &item.key else {
                return None;
            };
            let key = k.value.to_str();
            let value = &item.value;
            if is_error_key(key) {
                return None;
            }
            if self.vocab.is_success_key(key) && is_success_value(value) {
                claim = Some(format!("\"{key}\": {}", literal_text(value)));
            }
        }
        claim
    }

    fn push(&mut self, kind: PretenceKind, range: Range<usize>, message: String) {
        self.out.push(Pretence {
            kind,
            range,
            message,
        });
    }

    /// Made-up data: what it is, for the message.
    fn made_up(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Dict(d) if is_record(d) => Some("a literal record".into()),
            Expr::List(l)
                if l.elts
                    .iter()
                    .any(|x| matches!(x, Expr::Dict(d) if is_record(d))) =>
            {
                Some("literal records".into())
            }
            Expr::List(l) if l.elts.iter().any(|x| self.is_fake_string(x)) => {
                Some("a list of sample strings".into())
            }
            Expr::StringLiteral(_) | Expr::FString(_) if self.is_fake_string(e) => {
                Some("a string that says it is sample data".into())
            }
            Expr::NumberLiteral(n) => match n.value {
                Number::Float(f) if f.fract() != 0.0 => Some(format!("the fixed number {f}")),
                _ => None,
            },
            Expr::Name(n) if names_made_up_data(self.vocab, n.id.as_str()) => {
                Some(format!("`{}`", n.id))
            }
            Expr::Call(c) => {
                let name = dotted(&c.func)?;
                let last = name.rsplit('.').next()?;
                names_made_up_data(self.vocab, last).then(|| format!("`{name}(...)`"))
            }
            _ => None,
        }
    }

    fn is_fake_string(&self, e: &Expr) -> bool {
        match e {
            Expr::StringLiteral(s) => self.vocab.is_fake_text(s.value.to_str()),
            Expr::FString(f) => f
                .value
                .literals()
                .map(|l| l.value.to_string())
                .chain(
                    f.value
                        .elements()
                        .filter_map(|e| e.as_literal())
                        .map(|l| l.value.to_string()),
                )
                .any(|t| self.vocab.is_fake_text(&t)),
            _ => false,
        }
    }

    fn fallback_return(&mut self, value: &Expr, at: TextRange) {
        let Some(fb) = self.fallback.last().cloned() else {
            return;
        };
        if reports_caught(value, &fb.caught) {
            return;
        }
        if let Some(what) = self.made_up(value) {
            let confession = self.confession(fb.range.clone()).unwrap_or_default();
            self.out
                .push(fallback_return(span(at), &what, &fb.why, &confession));
        }
    }

    fn import_fallback(&mut self, body: &[Stmt], why: &str) {
        for s in body {
            match s {
                Stmt::ClassDef(c)
                    if is_stand_in_class_name(c.name.as_str()) || is_canned_class(c) =>
                {
                    self.push(
                        PretenceKind::SilentFallback,
                        span(c.name.range),
                        format!(
                            "binds a stand-in class `{}` when {why} instead of failing",
                            c.name
                        ),
                    );
                }
                Stmt::Assign(a) => {
                    let callee = match a.value.as_ref() {
                        Expr::Call(c) => c.func.as_ref(),
                        e => e,
                    };
                    if let Expr::Name(n) = callee
                        && self.stand_ins.contains(n.id.as_str())
                    {
                        self.push(
                            PretenceKind::SilentFallback,
                            span(a.range),
                            format!(
                                "binds the stand-in `{}` when {why} instead of failing",
                                n.id
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }

    /// The fallback an `if` test makes of its branches: (body is fallback,
    /// why).
    fn availability_test(&self, test: &Expr) -> Option<(bool, String)> {
        let (negated, inner) = match test {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => (true, u.operand.as_ref()),
            Expr::Compare(c)
                if c.ops.len() == 1
                    && matches!(c.comparators[0], Expr::NoneLiteral(_))
                    && matches!(
                        c.ops[0],
                        CmpOp::Is | CmpOp::Eq | CmpOp::IsNot | CmpOp::NotEq
                    ) =>
            {
                (matches!(c.ops[0], CmpOp::Is | CmpOp::Eq), c.left.as_ref())
            }
            e => (false, e),
        };
        let name = match inner {
            Expr::Name(n) => n.id.to_string(),
            Expr::Attribute(a) => a.attr.to_string(),
            _ => return None,
        };
        let shown = dotted(inner).unwrap_or_else(|| name.clone());
        self.vocab.names_availability(&name).then(|| {
            let why = if negated {
                format!("`{shown}` is missing")
            } else {
                format!("`{shown}` is not set")
            };
            (negated, why)
        })
    }
}

fn handler_catches_import_error(h: &ExceptHandler) -> bool {
    let ExceptHandler::ExceptHandler(h) = h;
    let names = |e: &Expr| -> Vec<String> {
        match e {
            Expr::Tuple(t) => t.elts.iter().filter_map(dotted).collect(),
            e => dotted(e).into_iter().collect(),
        }
    };
    h.type_.as_deref().is_some_and(|t| {
        names(t)
            .iter()
            .any(|n| n.ends_with("ImportError") || n.ends_with("ModuleNotFoundError"))
    })
}

/// Whether a handler raises on some path (`if not entry: raise`), not
/// counting functions defined in it: it has decided which failures it
/// absorbs.
fn raises(body: &[Stmt]) -> bool {
    #[derive(Default)]
    struct Raises(bool);
    impl<'a> Visitor<'a> for Raises {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::Raise(_) => self.0 = true,
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => visitor::walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, _: &'a Expr) {}
    }
    let mut r = Raises::default();
    r.visit_body(body);
    r.0
}

fn caught_words(h: &ExceptHandler) -> Vec<String> {
    let ExceptHandler::ExceptHandler(h) = h;
    let names: Vec<String> = match h.type_.as_deref() {
        Some(Expr::Tuple(t)) => t.elts.iter().filter_map(dotted).collect(),
        Some(e) => dotted(e).into_iter().collect(),
        None => Vec::new(),
    };
    names
        .iter()
        .flat_map(|n| words(n.rsplit('.').next().unwrap_or(n)))
        .filter(|w| !matches!(w.as_str(), "error" | "exception" | "base" | "exc"))
        .collect()
}

/// A dict whose string values name the exception the handler caught
/// (`except ClientDisconnect: return {"type": "http.disconnect"}`) turns
/// the failure into a message the caller can tell apart, not made-up data.
fn reports_caught(value: &Expr, caught: &[String]) -> bool {
    let Expr::Dict(d) = value else { return false };
    !caught.is_empty()
        && d.items.iter().any(|i| {
            matches!(&i.value, Expr::StringLiteral(s)
                if words(s.value.to_str()).iter().any(|w| caught.contains(w)))
        })
}

fn handler_what(h: &ExceptHandler) -> String {
    let ExceptHandler::ExceptHandler(h) = h;
    match h.type_.as_deref().and_then(dotted) {
        Some(t) => format!("`{t}` is raised"),
        None => match h.type_.as_deref() {
            Some(_) => "the call fails".to_string(),
            None => "anything is raised".to_string(),
        },
    }
}

impl<'a> Visitor<'a> for Walker<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.check_function(f);
                // A function defined in a fallback is not itself the fallback.
                let saved = std::mem::take(&mut self.fallback);
                visitor::walk_stmt(self, stmt);
                self.fallback = saved;
            }
            Stmt::ClassDef(c) => {
                self.abstract_class.push(is_abstract_class(c));
                self.in_subclass.push(
                    c.bases()
                        .iter()
                        .any(|b| dotted(b).is_some_and(|n| n != "object")),
                );
                visitor::walk_stmt(self, stmt);
                self.abstract_class.pop();
                self.in_subclass.pop();
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body);
                for h in &t.handlers {
                    let ExceptHandler::ExceptHandler(eh) = h;
                    let why = handler_what(h);
                    if handler_catches_import_error(h) {
                        self.import_fallback(&eh.body, &format!("the import fails ({why})"));
                    }
                    // Control flow, not failure: the end of an iterator.
                    let control_flow = eh.type_.as_deref().and_then(dotted).is_some_and(|t| {
                        matches!(
                            t.as_str(),
                            "StopIteration" | "StopAsyncIteration" | "GeneratorExit"
                        )
                    });
                    if control_flow || raises(&eh.body) {
                        self.visit_except_handler(h);
                        continue;
                    }
                    self.fallback.push(Fallback {
                        why,
                        range: span(eh.range),
                        caught: caught_words(h),
                    });
                    self.visit_except_handler(h);
                    self.fallback.pop();
                }
                self.visit_body(&t.orelse);
                self.visit_body(&t.finalbody);
            }
            Stmt::If(i) => {
                self.visit_expr(&i.test);
                let avail = self.availability_test(&i.test);
                let body_is_fallback = avail.as_ref().is_some_and(|(b, _)| *b);
                let branch_range = |body: &[Stmt]| match (body.first(), body.last()) {
                    (Some(a), Some(b)) => a.range().start().to_usize()..b.range().end().to_usize(),
                    _ => 0..0,
                };
                if body_is_fallback && let Some((_, why)) = &avail {
                    self.fallback.push(Fallback {
                        why: why.clone(),
                        range: branch_range(&i.body),
                        caught: Vec::new(),
                    });
                    self.visit_body(&i.body);
                    self.fallback.pop();
                } else {
                    self.visit_body(&i.body);
                }
                for (n, clause) in i.elif_else_clauses.iter().enumerate() {
                    if let Some(t) = &clause.test {
                        self.visit_expr(t);
                    }
                    let else_fallback =
                        n == 0 && clause.test.is_none() && avail.is_some() && !body_is_fallback;
                    if else_fallback && let Some((_, why)) = &avail {
                        self.fallback.push(Fallback {
                            why: why.clone(),
                            range: branch_range(&clause.body),
                            caught: Vec::new(),
                        });
                        self.visit_body(&clause.body);
                        self.fallback.pop();
                    } else {
                        self.visit_body(&clause.body);
                    }
                }
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.fallback_return(v, r.range);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, _: &'a Expr) {}
}

/// An abstract base or protocol: its methods' bodies are placeholders by
/// design.
fn is_abstract_class(c: &StmtClassDef) -> bool {
    let name = c.name.as_str();
    name.starts_with("Abstract")
        || name.starts_with("Base")
        || name.ends_with("Base")
        || name.ends_with("Protocol")
        || name.ends_with("Interface")
        || c.bases().iter().any(|b| {
            let n = dotted(b).unwrap_or_default();
            let last = n.rsplit('.').next().unwrap_or("");
            matches!(last, "ABC" | "Protocol" | "Interface")
        })
        || c.arguments.as_ref().is_some_and(|a| {
            a.keywords
                .iter()
                .any(|k| dotted(&k.value).is_some_and(|v| v.ends_with("ABCMeta")))
        })
}

/// A class whose every method returns a literal or nothing without using
/// its inputs: a stand-in, whatever its name. A class with no methods, or
/// whose methods raise, is a placeholder type, not a stand-in.
pub(super) fn is_canned_class(c: &StmtClassDef) -> bool {
    let methods: Vec<&StmtFunctionDef> = c
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::FunctionDef(f) if f.name.as_str() != "__init__" => Some(f),
            _ => None,
        })
        .collect();
    // Methods a decorator registers with a framework (`@start()`,
    // `@listen(...)`, `@app.route`) make the class a definition the
    // framework runs, the subject of the test, not a double overriding
    // production methods.
    let registers = methods.iter().any(|f| {
        f.decorator_list.iter().any(|d| {
            let e = match &d.expression {
                Expr::Call(c) => c.func.as_ref(),
                e => e,
            };
            let name = dotted(e).unwrap_or_default();
            let last = name.rsplit('.').next().unwrap_or(&name);
            !matches!(
                last,
                "property"
                    | "cached_property"
                    | "staticmethod"
                    | "classmethod"
                    | "override"
                    | "abstractmethod"
                    | "setter"
                    | "getter"
            )
        })
    });
    !methods.is_empty()
        && !registers
        && methods.iter().all(|f| {
            let body = strip_docstring(&f.body);
            body.iter().all(|s| match s {
                Stmt::Return(r) => r.value.as_deref().is_none_or(is_constant),
                Stmt::Pass(_) => true,
                _ => false,
            })
        })
        && methods.iter().any(|f| {
            strip_docstring(&f.body).iter().any(
                |s| matches!(s, Stmt::Return(r) if r.value.as_deref().is_some_and(is_substantive)),
            )
        })
}

fn strip_docstring(body: &[Stmt]) -> &[Stmt] {
    match body.first() {
        Some(Stmt::Expr(e)) if matches!(e.value.as_ref(), Expr::StringLiteral(_)) => &body[1..],
        _ => body,
    }
}

/// A literal or a structure of literals.
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::UnaryOp(u) => is_constant(&u.operand),
        Expr::List(l) => l.elts.iter().all(is_constant),
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        Expr::Set(s) => s.elts.iter().all(is_constant),
        Expr::Dict(d) => d
            .items
            .iter()
            .all(|i| i.key.as_ref().is_some_and(is_constant) && is_constant(&i.value)),
        _ => false,
    }
}

/// A literal that is an answer, not a default: a non-empty string or
/// structure, or a number other than 0, 1 and -1.
fn is_substantive(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(s) => !s.value.to_str().trim().is_empty(),
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => !matches!(i.as_u64(), Some(0 | 1)),
            Number::Float(f) => *f != 0.0 && *f != 1.0,
            _ => false,
        },
        Expr::List(l) => !l.elts.is_empty() && is_constant(e),
        Expr::Tuple(t) => !t.elts.is_empty() && is_constant(e),
        Expr::Dict(d) => !d.items.is_empty() && is_constant(e),
        _ => false,
    }
}

/// A dict of literals with at least one value that carries information, and
/// no key or value that reports an error.
fn is_record(d: &ruff_python_ast::ExprDict) -> bool {
    if d.items.is_empty() || !d.items.iter().all(|i| i.key.is_some()) {
        return false;
    }
    let mut informative = false;
    for i in &d.items {
        let Some(Expr::StringLiteral(k)) = &i.key else {
            return false;
        };
        if !is_constant(&i.value) {
            return false;
        }
        if is_errorish(k.value.to_str()) || nests_error(&i.value) {
            return false;
        }
        match &i.value {
            Expr::StringLiteral(s) if is_errorish(s.value.to_str()) => return false,
            v if is_substantive(v) || matches!(v, Expr::BooleanLiteral(b) if b.value) => {
                informative = true
            }
            _ => {}
        }
    }
    informative
}

/// A nested dict that reports an error
/// (`{"upgrade": {"status": "unknown", "reason": "…"}}`).
fn nests_error(e: &Expr) -> bool {
    let Expr::Dict(d) = e else { return false };
    d.items.iter().any(|i| {
        matches!(&i.key, Some(Expr::StringLiteral(k)) if is_errorish(k.value.to_str()))
            || matches!(&i.value, Expr::StringLiteral(s) if is_errorish(s.value.to_str()))
            || nests_error(&i.value)
    })
}

fn is_success_value(e: &Expr) -> bool {
    match e {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => {
            matches!(&n.value, Number::Int(i) if i.as_u64().is_some_and(|v| (200..300).contains(&v)))
        }
        Expr::StringLiteral(s) => is_success_text(s.value.to_str()),
        _ => false,
    }
}

fn literal_text(e: &Expr) -> String {
    match e {
        Expr::BooleanLiteral(b) => if b.value { "True" } else { "False" }.into(),
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.to_string(),
            Number::Float(f) => f.to_string(),
            _ => "…".into(),
        },
        Expr::StringLiteral(s) => format!("\"{}\"", s.value.to_str()),
        _ => "…".into(),
    }
}

fn describe_literal(e: &Expr) -> &'static str {
    match e {
        Expr::Dict(_) => "a literal dict",
        Expr::List(_) | Expr::Tuple(_) => "a literal list",
        Expr::StringLiteral(_) => "a literal string",
        Expr::NumberLiteral(_) => "a fixed number",
        _ => "a literal",
    }
}

/// What a function body does, read once: names it reads, calls it makes,
/// its returns and its literal assignments. Nested functions and classes
/// are not part of it.
#[derive(Default)]
struct BodyFacts<'a> {
    loads: FxHashSet<&'a str>,
    calls: Vec<&'a ruff_python_ast::ExprCall>,
    returns: Vec<&'a ruff_python_ast::StmtReturn>,
    assigns: Vec<(&'a str, &'a Expr)>,
    /// The literal text of logging calls' first arguments.
    log_text: Vec<String>,
}

impl<'a> Visitor<'a> for BodyFacts<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Return(r) => {
                self.returns.push(r);
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        self.assigns.push((n.id.as_str(), &a.value));
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => {
                self.loads.insert(n.id.as_str());
            }
            Expr::Call(c) => {
                self.calls.push(c);
                if let Some(first) = c.arguments.args.first() {
                    match first {
                        Expr::StringLiteral(s) => self.log_text.push(s.value.to_str().to_string()),
                        Expr::FString(f) => self.log_text.push(
                            f.value
                                .elements()
                                .filter_map(|e| e.as_literal())
                                .map(|l| l.value.to_string())
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                        _ => {}
                    }
                }
            }
            Expr::Lambda(_) => return,
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

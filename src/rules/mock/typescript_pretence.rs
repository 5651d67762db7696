//! TypeScript/JavaScript code that pretends to do its work: fake
//! implementations and silent fallbacks, from oxc's AST.

use std::ops::Range;

use oxc_ast::ast::{
    ArrowFunctionExpression, BinaryOperator, BindingIdentifier, BindingPattern, CallExpression,
    CatchClause, Class, Expression, FormalParameters, Function, FunctionBody, IdentifierReference,
    IfStatement, LogicalExpression, LogicalOperator, MethodDefinition, ObjectExpression,
    ObjectPropertyKind, Program, PropertyKey, ReturnStatement, Statement, TryStatement,
    UnaryOperator, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::{GetSpan, Span};
use oxc_syntax::scope::ScopeFlags;
use rustc_hash::FxHashSet;

use super::facts::Pretence;
use super::pretence::{
    FunctionFacts, Literal, Returned, confession_note, fake_implementation, fallback_default,
    fallback_return, is_error_key, is_errorish, is_success_status, is_success_text,
    names_made_up_data,
};
use super::vocabulary::Vocabulary;

/// The byte range of an oxc span.
pub(super) fn span(s: Span) -> Range<usize> {
    s.start as usize..s.end as usize
}

/// `a.b.c` (and `this.x`) of a member chain, or None for any other
/// expression.
pub(super) fn dotted(e: &Expression) -> Option<String> {
    match e {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::StaticMemberExpression(m) => {
            Some(format!("{}.{}", dotted(&m.object)?, m.property.name))
        }
        Expression::ThisExpression(_) => Some("this".into()),
        Expression::ParenthesizedExpression(p) => dotted(&p.expression),
        _ => None,
    }
}

/// Fake implementations and silent fallbacks in a production module.
pub fn pretences(program: &Program, text: &str, vocab: &Vocabulary) -> Vec<Pretence> {
    let mut bound = Computed::default();
    bound.visit_program(program);
    let mut w = Walker {
        text,
        vocab,
        computed: bound.0,
        pending_name: None,
        classes: Vec::new(),
        fallback: Vec::new(),
        out: Vec::new(),
    };
    w.visit_program(program);
    w.out.sort_by_key(|p| (p.range.start, p.range.end));
    w.out.dedup_by(|a, b| a.range == b.range);
    w.out
}

#[derive(Clone)]
struct Fallback {
    why: String,
    range: Range<usize>,
}

/// For each enclosing class: (abstract base, derives from another class).
type ClassInfo = (bool, bool);

/// Names the file binds to a function, a class or a computed value
/// (`function dummy() {}`, `const fakeCwd = path.join(...)`): whatever they
/// are called, they are not made-up data.
#[derive(Default)]
struct Computed(FxHashSet<String>);

impl<'a> Visit<'a> for Computed {
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        if let Some(id) = &it.id {
            self.0.insert(id.name.to_string());
        }
        walk::walk_function(self, it, flags);
    }
    fn visit_class(&mut self, it: &Class<'a>) {
        if let Some(id) = &it.id {
            self.0.insert(id.name.to_string());
        }
        walk::walk_class(self, it);
    }
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let BindingPattern::BindingIdentifier(id) = &it.id
            && it.init.as_ref().is_some_and(|e| !is_constant(e))
        {
            self.0.insert(id.name.to_string());
        }
        walk::walk_variable_declarator(self, it);
    }
}

struct Walker<'t> {
    text: &'t str,
    vocab: &'t Vocabulary,
    computed: FxHashSet<String>,
    /// The name a variable, method or property gives the function it holds.
    pending_name: Option<String>,
    classes: Vec<ClassInfo>,
    fallback: Vec<Fallback>,
    out: Vec<Pretence>,
}

/// What a function body does, not counting nested functions and classes.
#[derive(Default)]
struct BodyFacts<'a, 'b> {
    reads: FxHashSet<String>,
    calls: Vec<(String, &'b CallExpression<'a>)>,
    /// `new X(...)`, by callee.
    news: Vec<String>,
    returns: Vec<(&'b Expression<'a>, Span)>,
    assigns: Vec<(String, &'b Expression<'a>)>,
    log_text: Vec<String>,
}

impl<'a, 'b> BodyFacts<'a, 'b> {
    fn of(body: &'b FunctionBody<'a>) -> Self {
        let mut f = BodyFacts::default();
        for s in &body.statements {
            f.statement(s);
        }
        f
    }
    fn statement(&mut self, s: &'b Statement<'a>) {
        FactsVisitor(self).visit_statement(s);
    }
}

struct FactsVisitor<'f, 'a, 'b>(&'f mut BodyFacts<'a, 'b>);

impl<'a> Visit<'a> for FactsVisitor<'_, 'a, '_> {
    fn visit_function(&mut self, _: &Function<'a>, _: ScopeFlags) {}
    fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
    fn visit_class(&mut self, _: &Class<'a>) {}
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.0.reads.insert(it.name.to_string());
    }
    fn visit_new_expression(&mut self, it: &oxc_ast::ast::NewExpression<'a>) {
        self.0.news.push(dotted(&it.callee).unwrap_or_default());
        walk::walk_new_expression(self, it);
    }
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(first) = it.arguments.first().and_then(|a| a.as_expression()) {
            match first {
                Expression::StringLiteral(s) => self.0.log_text.push(s.value.to_string()),
                Expression::TemplateLiteral(t) => self.0.log_text.push(
                    t.quasis
                        .iter()
                        .map(|q| q.value.raw.to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }
}

impl Walker<'_> {
    fn confession(&self, range: Range<usize>) -> Option<String> {
        confession_note(self.text, range, "//", self.vocab)
    }

    fn check_function(
        &mut self,
        name: &str,
        params: &FormalParameters,
        body: FnBody,
        whole: Span,
        name_span: Span,
    ) {
        let (abstract_class, subclass) = self.classes.last().copied().unwrap_or((false, false));
        if abstract_class || name.starts_with("test") {
            return;
        }
        let mut param_names = ParamNames::default();
        param_names.visit_formal_parameters(params);
        let params = param_names.0;
        let (facts, expression_body) = match body {
            FnBody::Block(b) => (collect(b), false),
            FnBody::Concise(e) => (collect_concise(e), true),
        };
        let random_names: FxHashSet<&str> = facts
            .assigns
            .iter()
            .filter(|(n, v)| self.vocab.names_result(n) && is_random(v))
            .map(|(n, _)| n.as_str())
            .collect();
        let returns = facts
            .returns
            .iter()
            .map(|(value, at)| {
                let value = unwrap_resolve(value);
                Returned {
                    range: span(*at),
                    random: self.random_in(value, &random_names),
                    success: match value {
                        Expression::ObjectExpression(o) => self.success_claim(o),
                        _ => None,
                    },
                    literal: (is_substantive(value) && is_constant(value)).then(|| Literal {
                        range: span(value.span()),
                        what: describe_literal(value),
                        scalar: matches!(
                            value,
                            Expression::StringLiteral(_) | Expression::NumericLiteral(_)
                        ),
                    }),
                    is_true: matches!(value, Expression::BooleanLiteral(b) if b.value),
                }
            })
            .collect();
        let statements: &[Statement] = match body {
            FnBody::Block(b) => &b.statements,
            FnBody::Concise(_) => &[],
        };
        let only_literals = expression_body
            || statements.iter().all(|s| match s {
                Statement::ReturnStatement(r) => r
                    .argument
                    .as_ref()
                    .is_none_or(|a| is_constant(unwrap_resolve(a))),
                Statement::ExpressionStatement(e) => match &e.expression {
                    Expression::CallExpression(c) => {
                        dotted(&c.callee).is_some_and(|d| is_logging(&d))
                    }
                    Expression::AwaitExpression(_) => true,
                    _ => false,
                },
                Statement::VariableDeclaration(d) => d
                    .declarations
                    .iter()
                    .all(|d| d.init.as_ref().is_none_or(is_constant)),
                Statement::EmptyStatement(_) => true,
                _ => false,
            });
        let function = FunctionFacts {
            name: name.to_string(),
            name_range: span(name_span),
            has_inputs: !params.is_empty(),
            uses_inputs: params.iter().any(|p| facts.reads.contains(p)),
            calls: facts.calls.len(),
            work_calls: facts
                .calls
                .iter()
                .filter(|(c, call)| !is_cosmetic(c, call))
                .count()
                + facts.news.iter().filter(|n| !is_cosmetic_new(n)).count(),
            logging_calls: facts.calls.iter().filter(|(c, _)| is_logging(c)).count(),
            in_subclass: subclass,
            only_literals,
            returns,
            log_text: facts.log_text.clone(),
        };
        let decided = fake_implementation(&function, self.vocab, || self.confession(span(whole)));
        self.out.extend(decided);
    }

    /// A random value returned: the value itself (`Some(None)`), or a
    /// result-named key or variable holding one.
    fn random_in(
        &self,
        value: &Expression,
        random_names: &FxHashSet<&str>,
    ) -> Option<Option<String>> {
        if is_random(value) {
            return Some(None);
        }
        match value {
            Expression::ObjectExpression(o) => o.properties.iter().find_map(|p| match p {
                ObjectPropertyKind::ObjectProperty(p)
                    if key_name(&p.key).is_some_and(|k| self.vocab.names_result(&k))
                        && is_random(&p.value) =>
                {
                    key_name(&p.key).map(Some)
                }
                _ => None,
            }),
            Expression::Identifier(id) if random_names.contains(id.name.as_str()) => {
                Some(Some(id.name.to_string()))
            }
            _ => None,
        }
    }
    fn success_claim(&self, o: &ObjectExpression) -> Option<String> {
        let mut claim = None;
        for p in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                return None;
            };
            let key = key_name(&p.key)?;
            if is_error_key(&key) {
                return None;
            }
            if self.vocab.is_success_key(&key)
                && let Some(v) = success_value(&p.value)
            {
                claim = Some(format!("{key}: {v}"));
            }
        }
        claim
    }

    fn is_fake_string(&self, e: &Expression) -> bool {
        match e {
            Expression::StringLiteral(s) => self.vocab.is_fake_text(&s.value),
            Expression::TemplateLiteral(t) => t
                .quasis
                .iter()
                .any(|q| self.vocab.is_fake_text(&q.value.raw)),
            _ => false,
        }
    }

    fn has_fake_text(&self, o: &ObjectExpression) -> bool {
        o.properties.iter().any(
            |p| matches!(p, ObjectPropertyKind::ObjectProperty(p) if self.is_fake_string(&p.value)),
        )
    }

    /// Made-up data, for the message; `records_only` leaves out single
    /// records and numbers (defaults on the right of `??` are usually
    /// configuration).
    fn made_up(&self, e: &Expression, records_only: bool) -> Option<String> {
        let e = unwrap_resolve(e);
        match e {
            Expression::ObjectExpression(o) if is_record(o) => {
                (!records_only || self.has_fake_text(o)).then(|| "a literal record".into())
            }
            // A default list of one record is configuration
            // (`config.matchers ?? [{ regexp: ".*" }]`), as one record is;
            // made-up rows come several at a time or say they are samples.
            Expression::ArrayExpression(a)
                if {
                    let records: Vec<&ObjectExpression> = a
                        .elements
                        .iter()
                        .filter_map(|x| match x.as_expression() {
                            Some(Expression::ObjectExpression(o)) if is_record(o) => Some(&**o),
                            _ => None,
                        })
                        .collect();
                    !records.is_empty()
                        && (!records_only
                            || records.len() > 1
                            || records.iter().any(|o| self.has_fake_text(o)))
                } =>
            {
                Some("literal records".into())
            }
            Expression::ArrayExpression(a)
                if a.elements
                    .iter()
                    .any(|x| x.as_expression().is_some_and(|x| self.is_fake_string(x))) =>
            {
                Some("a list of sample strings".into())
            }
            Expression::StringLiteral(_) | Expression::TemplateLiteral(_)
                if self.is_fake_string(e) =>
            {
                Some("a string that says it is sample data".into())
            }
            Expression::NumericLiteral(n) if !records_only && n.value.fract() != 0.0 => {
                Some(format!("the fixed number {}", n.value))
            }
            Expression::Identifier(id)
                if names_made_up_data(self.vocab, &id.name)
                    && !self.computed.contains(id.name.as_str()) =>
            {
                Some(format!("`{}`", id.name))
            }
            Expression::CallExpression(c) => {
                let name = dotted(&c.callee)?;
                let last = name.rsplit('.').next()?;
                // `res.json([...])`, `NextResponse.json({...})`
                if last == "json" {
                    let first = c.arguments.first()?.as_expression()?;
                    return self.made_up(first, records_only);
                }
                names_made_up_data(self.vocab, last).then(|| format!("`{name}(...)`"))
            }
            _ => None,
        }
    }

    fn availability_test(&self, test: &Expression) -> Option<(bool, String)> {
        let (negated, inner) = match test {
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::LogicalNot => {
                (true, &u.argument)
            }
            Expression::BinaryExpression(b)
                if matches!(b.right, Expression::NullLiteral(_))
                    || matches!(&b.right, Expression::Identifier(i) if i.name == "undefined") =>
            {
                let eq = matches!(
                    b.operator,
                    BinaryOperator::Equality | BinaryOperator::StrictEquality
                );
                let ne = matches!(
                    b.operator,
                    BinaryOperator::Inequality | BinaryOperator::StrictInequality
                );
                if !eq && !ne {
                    return None;
                }
                (eq, &b.left)
            }
            e => (false, e),
        };
        let shown = dotted(inner)?;
        let last = shown.rsplit('.').next().unwrap_or(&shown).to_string();
        self.vocab.names_availability(&last).then(|| {
            let why = if negated {
                format!("`{shown}` is missing")
            } else {
                format!("`{shown}` is not set")
            };
            (negated, why)
        })
    }

    fn with_fallback(&mut self, why: String, range: Range<usize>, f: impl FnOnce(&mut Self)) {
        self.fallback.push(Fallback { why, range });
        f(self);
        self.fallback.pop();
    }
}

/// A function's body: a block, or an arrow's concise expression.
#[derive(Clone, Copy)]
enum FnBody<'b, 'a> {
    Block(&'b FunctionBody<'a>),
    Concise(&'b Expression<'a>),
}

fn collect_concise<'a, 'b>(e: &'b Expression<'a>) -> BodyFacts<'a, 'b> {
    let mut f = BodyFacts::default();
    FactsVisitor(&mut f).visit_expression(e);
    let mut kept = Kept {
        calls: Vec::new(),
        returns: vec![(e, e.span())],
        assigns: Vec::new(),
    };
    kept.expression(e);
    f.calls = kept.calls;
    f.returns = kept.returns;
    f
}

fn collect<'a, 'b>(body: &'b FunctionBody<'a>) -> BodyFacts<'a, 'b> {
    let mut f = BodyFacts::of(body);
    // Calls and returns are kept by reference: gather them with a
    // second, typed pass over the same statements.
    let mut kept = Kept {
        calls: Vec::new(),
        returns: Vec::new(),
        assigns: Vec::new(),
    };
    for s in &body.statements {
        kept.statement(s);
    }
    f.calls = kept.calls;
    f.returns = kept.returns;
    f.assigns = kept.assigns;
    f
}

/// The calls, returns and assignments of a function body by reference,
/// walked by hand so they keep the body's lifetime.
struct Kept<'a, 'b> {
    calls: Vec<(String, &'b CallExpression<'a>)>,
    returns: Vec<(&'b Expression<'a>, Span)>,
    assigns: Vec<(String, &'b Expression<'a>)>,
}

impl<'a, 'b> Kept<'a, 'b> {
    fn statement(&mut self, s: &'b Statement<'a>) {
        match s {
            Statement::ReturnStatement(r) => {
                if let Some(a) = &r.argument {
                    self.returns.push((a, r.span));
                    self.expression(a);
                }
            }
            Statement::ExpressionStatement(e) => self.expression(&e.expression),
            Statement::VariableDeclaration(d) => {
                for d in &d.declarations {
                    if let Some(init) = &d.init {
                        if let Some(id) = d.id.get_binding_identifier() {
                            self.assigns.push((id.name.to_string(), init));
                        }
                        self.expression(init);
                    }
                }
            }
            Statement::BlockStatement(b) => b.body.iter().for_each(|s| self.statement(s)),
            Statement::IfStatement(i) => {
                self.expression(&i.test);
                self.statement(&i.consequent);
                if let Some(a) = &i.alternate {
                    self.statement(a);
                }
            }
            Statement::TryStatement(t) => {
                t.block.body.iter().for_each(|s| self.statement(s));
                if let Some(h) = &t.handler {
                    h.body.body.iter().for_each(|s| self.statement(s));
                }
                if let Some(f) = &t.finalizer {
                    f.body.iter().for_each(|s| self.statement(s));
                }
            }
            Statement::ForStatement(f) => self.statement(&f.body),
            Statement::ForOfStatement(f) => {
                self.expression(&f.right);
                self.statement(&f.body)
            }
            Statement::ForInStatement(f) => self.statement(&f.body),
            Statement::WhileStatement(w) => {
                self.expression(&w.test);
                self.statement(&w.body)
            }
            Statement::DoWhileStatement(w) => self.statement(&w.body),
            Statement::SwitchStatement(sw) => {
                self.expression(&sw.discriminant);
                for c in &sw.cases {
                    c.consequent.iter().for_each(|s| self.statement(s));
                }
            }
            Statement::ThrowStatement(t) => self.expression(&t.argument),
            _ => {}
        }
    }

    fn expression(&mut self, e: &'b Expression<'a>) {
        match e {
            Expression::CallExpression(c) => {
                self.calls.push((dotted(&c.callee).unwrap_or_default(), c));
                if let Expression::StaticMemberExpression(m) = &c.callee {
                    self.expression(&m.object);
                } else if let Expression::CallExpression(_) = &c.callee {
                    self.expression(&c.callee);
                }
                for a in &c.arguments {
                    if let Some(a) = a.as_expression() {
                        self.expression(a);
                    }
                }
            }
            Expression::AwaitExpression(a) => self.expression(&a.argument),
            Expression::ParenthesizedExpression(p) => self.expression(&p.expression),
            Expression::ChainExpression(c) => {
                if let Some(m) = c.expression.as_member_expression() {
                    self.expression(m.object());
                } else if let oxc_ast::ast::ChainElement::CallExpression(call) = &c.expression {
                    self.calls
                        .push((dotted(&call.callee).unwrap_or_default(), call));
                }
            }
            Expression::StaticMemberExpression(m) => self.expression(&m.object),
            Expression::ComputedMemberExpression(m) => {
                self.expression(&m.object);
                self.expression(&m.expression);
            }
            Expression::BinaryExpression(b) => {
                self.expression(&b.left);
                self.expression(&b.right);
            }
            Expression::LogicalExpression(b) => {
                self.expression(&b.left);
                self.expression(&b.right);
            }
            Expression::ConditionalExpression(c) => {
                self.expression(&c.test);
                self.expression(&c.consequent);
                self.expression(&c.alternate);
            }
            Expression::AssignmentExpression(a) => self.expression(&a.right),
            Expression::ObjectExpression(o) => {
                for p in &o.properties {
                    match p {
                        ObjectPropertyKind::ObjectProperty(p) => self.expression(&p.value),
                        ObjectPropertyKind::SpreadProperty(s) => self.expression(&s.argument),
                    }
                }
            }
            Expression::ArrayExpression(a) => {
                for x in &a.elements {
                    if let Some(x) = x.as_expression() {
                        self.expression(x);
                    }
                }
            }
            Expression::TemplateLiteral(t) => t.expressions.iter().for_each(|x| self.expression(x)),
            Expression::NewExpression(n) => {
                for a in &n.arguments {
                    if let Some(a) = a.as_expression() {
                        self.expression(a);
                    }
                }
            }
            Expression::UnaryExpression(u) => self.expression(&u.argument),
            _ => {}
        }
    }
}

#[derive(Default)]
struct ParamNames(Vec<String>);

impl<'a> Visit<'a> for ParamNames {
    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
        self.0.push(it.name.to_string());
    }
    fn visit_expression(&mut self, _: &Expression<'a>) {}
}

fn is_logging(callee: &str) -> bool {
    let (receiver, last) = callee.rsplit_once('.').unwrap_or(("", callee));
    receiver.starts_with("console")
        || receiver.to_ascii_lowercase().contains("log")
            && matches!(
                last,
                "debug" | "info" | "warn" | "warning" | "error" | "log" | "trace"
            )
}

/// A call that does no work a name could promise: logging, clocks, ids,
/// conversions, and the timers fakes use to simulate latency.
fn is_cosmetic(callee: &str, _call: &CallExpression) -> bool {
    is_logging(callee)
        || callee.starts_with("Math.")
        || callee.starts_with("Date.")
        || callee.starts_with("JSON.")
        || callee.starts_with("Promise.")
        || matches!(
            callee,
            "String"
                | "Number"
                | "Boolean"
                | "parseInt"
                | "parseFloat"
                | "setTimeout"
                | "sleep"
                | "delay"
                | "crypto.randomUUID"
                | "uuid"
                | "uuidv4"
                | "randomUUID"
        )
        || callee.ends_with(".toFixed")
        || callee.ends_with(".toISOString")
        || callee.ends_with(".toString")
}

/// Whether a block throws on some path (`if (!entry) throw err;`), not
/// counting functions defined in it: a handler that does has decided which
/// failures it absorbs.
fn throws(block: &oxc_ast::ast::BlockStatement) -> bool {
    #[derive(Default)]
    struct Throws(bool);
    impl<'a> Visit<'a> for Throws {
        fn visit_throw_statement(&mut self, _: &oxc_ast::ast::ThrowStatement<'a>) {
            self.0 = true;
        }
        fn visit_function(&mut self, _: &Function<'a>, _: ScopeFlags) {}
        fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
    }
    let mut t = Throws::default();
    t.visit_block_statement(block);
    t.0
}

/// Whether a `catch` hands the error it caught to code other than logging
/// (`this.renderError(err, req, res)`, `reportError(e)`): the failure is
/// reported there, and what the handler then returns is not a pretence.
fn hands_on_error(h: &CatchClause) -> bool {
    let Some(param) = &h.param else {
        return false;
    };
    let Some(name) = param.pattern.get_identifier_name() else {
        return false;
    };
    struct HandsOn<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'a> Visit<'a> for HandsOn<'_> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            let callee = dotted(&it.callee).unwrap_or_default();
            if !is_logging(&callee)
                && it.arguments.iter().any(|a| {
                    matches!(a.as_expression(), Some(Expression::Identifier(i)) if i.name == self.name)
                })
            {
                self.found = true;
            }
            walk::walk_call_expression(self, it);
        }
    }
    let mut v = HandsOn {
        name: name.as_str(),
        found: false,
    };
    v.visit_block_statement(&h.body);
    v.found
}

fn is_cosmetic_new(callee: &str) -> bool {
    matches!(callee, "Date" | "Promise")
}

/// `Promise.resolve(x)` answers `x`.
fn unwrap_resolve<'b, 'a>(e: &'b Expression<'a>) -> &'b Expression<'a> {
    match e {
        Expression::CallExpression(c)
            if dotted(&c.callee).as_deref() == Some("Promise.resolve") =>
        {
            c.arguments
                .first()
                .and_then(|a| a.as_expression())
                .unwrap_or(e)
        }
        Expression::ParenthesizedExpression(p) => unwrap_resolve(&p.expression),
        Expression::AwaitExpression(a) => unwrap_resolve(&a.argument),
        Expression::TSAsExpression(a) => unwrap_resolve(&a.expression),
        _ => e,
    }
}

fn is_random(e: &Expression) -> bool {
    match e {
        Expression::CallExpression(c) => {
            let callee = dotted(&c.callee).unwrap_or_default();
            if callee == "Math.random" {
                return true;
            }
            let wraps = callee.starts_with("Math.")
                || matches!(callee.as_str(), "Number" | "parseFloat" | "parseInt");
            if wraps
                && c.arguments
                    .iter()
                    .any(|a| a.as_expression().is_some_and(is_random))
            {
                return true;
            }
            // `(Math.random() * 0.3 + 0.7).toFixed(2)`
            matches!(&c.callee, Expression::StaticMemberExpression(m) if m.property.name == "toFixed" && is_random(&m.object))
        }
        Expression::BinaryExpression(b) => is_random(&b.left) || is_random(&b.right),
        Expression::ParenthesizedExpression(p) => is_random(&p.expression),
        _ => false,
    }
}

fn key_name(k: &PropertyKey) -> Option<String> {
    k.static_name().map(|s| s.to_string())
}

fn is_constant(e: &Expression) -> bool {
    match e {
        Expression::StringLiteral(_)
        | Expression::NumericLiteral(_)
        | Expression::BooleanLiteral(_)
        | Expression::NullLiteral(_) => true,
        Expression::TemplateLiteral(t) => t.expressions.is_empty(),
        Expression::UnaryExpression(u) => is_constant(&u.argument),
        Expression::ArrayExpression(a) => a
            .elements
            .iter()
            .all(|x| x.as_expression().is_some_and(is_constant)),
        Expression::ObjectExpression(o) => o.properties.iter().all(|p| {
            matches!(p, ObjectPropertyKind::ObjectProperty(p) if !p.computed && !p.method && is_constant(&p.value))
        }),
        Expression::ParenthesizedExpression(p) => is_constant(&p.expression),
        Expression::TSAsExpression(a) => is_constant(&a.expression),
        _ => false,
    }
}

fn is_substantive(e: &Expression) -> bool {
    match e {
        Expression::StringLiteral(s) => !s.value.trim().is_empty(),
        Expression::TemplateLiteral(t) => {
            t.expressions.is_empty() && t.quasis.iter().any(|q| !q.value.raw.trim().is_empty())
        }
        Expression::NumericLiteral(n) => n.value != 0.0 && n.value != 1.0,
        Expression::ArrayExpression(a) => !a.elements.is_empty(),
        Expression::ObjectExpression(o) => !o.properties.is_empty(),
        _ => false,
    }
}

fn is_record(o: &ObjectExpression) -> bool {
    if o.properties.is_empty() {
        return false;
    }
    let mut informative = false;
    for p in &o.properties {
        let ObjectPropertyKind::ObjectProperty(p) = p else {
            return false;
        };
        let Some(key) = key_name(&p.key) else {
            return false;
        };
        if is_errorish(&key) || !is_constant(&p.value) || nests_error(&p.value) {
            return false;
        }
        match &p.value {
            Expression::StringLiteral(s) if is_errorish(&s.value) => return false,
            v if is_substantive(v) || matches!(v, Expression::BooleanLiteral(b) if b.value) => {
                informative = true
            }
            _ => {}
        }
    }
    informative
}

/// A nested record that reports an error
/// (`{ upgrade: { status: "unknown", reason: "…" } }`).
fn nests_error(e: &Expression) -> bool {
    let Expression::ObjectExpression(o) = e else {
        return false;
    };
    o.properties.iter().any(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) => {
            key_name(&p.key).is_some_and(|k| is_errorish(&k))
                || matches!(&p.value, Expression::StringLiteral(s) if is_errorish(&s.value))
                || nests_error(&p.value)
        }
        _ => false,
    })
}

fn success_value(e: &Expression) -> Option<String> {
    match e {
        Expression::BooleanLiteral(b) if b.value => Some("true".into()),
        Expression::NumericLiteral(n) if is_success_status(n.value) => Some(n.value.to_string()),
        Expression::StringLiteral(s) if is_success_text(&s.value) => {
            Some(format!("\"{}\"", s.value))
        }
        _ => None,
    }
}

fn describe_literal(e: &Expression) -> &'static str {
    match e {
        Expression::ObjectExpression(_) => "a literal object",
        Expression::ArrayExpression(_) => "a literal array",
        Expression::StringLiteral(_) | Expression::TemplateLiteral(_) => "a literal string",
        Expression::NumericLiteral(_) => "a fixed number",
        _ => "a literal",
    }
}

fn block_range(s: &Statement) -> Range<usize> {
    span(s.span())
}

impl<'a> Visit<'a> for Walker<'_> {
    fn visit_class(&mut self, it: &Class<'a>) {
        let name = it
            .id
            .as_ref()
            .map(|i| i.name.to_string())
            .unwrap_or_default();
        let abstract_base = it.r#abstract
            || name.starts_with("Abstract")
            || name.starts_with("Base")
            || name.ends_with("Base");
        self.classes.push((abstract_base, it.heritage.is_some()));
        walk::walk_class(self, it);
        self.classes.pop();
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        self.pending_name = key_name(&it.key);
        walk::walk_method_definition(self, it);
        self.pending_name = None;
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if matches!(
            it.init,
            Some(Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_))
        ) {
            self.pending_name = it.id.get_binding_identifier().map(|i| i.name.to_string());
        }
        walk::walk_variable_declarator(self, it);
        self.pending_name = None;
    }

    fn visit_object_property(&mut self, it: &oxc_ast::ast::ObjectProperty<'a>) {
        if matches!(
            it.value,
            Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
        ) {
            self.pending_name = key_name(&it.key);
        }
        walk::walk_object_property(self, it);
        self.pending_name = None;
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let name = it
            .id
            .as_ref()
            .map(|i| i.name.to_string())
            .or_else(|| self.pending_name.take());
        if let (Some(name), Some(body)) = (&name, &it.body)
            && !it.declare
        {
            let name_span = it.id.as_ref().map_or(it.span, |i| i.span);
            self.check_function(name, &it.params, FnBody::Block(body), it.span, name_span);
        }
        let saved = std::mem::take(&mut self.fallback);
        walk::walk_function(self, it, flags);
        self.fallback = saved;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        let body = match it.get_expression() {
            Some(e) => FnBody::Concise(e),
            None => match it.get_function_body() {
                Some(b) => FnBody::Block(b),
                None => return walk::walk_arrow_function_expression(self, it),
            },
        };
        if let Some(name) = self.pending_name.take() {
            self.check_function(&name, &it.params, body, it.span, it.span);
        }
        let saved = std::mem::take(&mut self.fallback);
        walk::walk_arrow_function_expression(self, it);
        self.fallback = saved;
    }

    fn visit_try_statement(&mut self, it: &TryStatement<'a>) {
        self.visit_block_statement(&it.block);
        if let Some(h) = &it.handler {
            let rethrows = throws(&h.body);
            if rethrows || hands_on_error(h) {
                self.visit_catch_clause(h);
            } else {
                self.with_fallback("the call throws".into(), span(h.span), |w| {
                    w.visit_catch_clause(h)
                });
            }
        }
        if let Some(f) = &it.finalizer {
            self.visit_block_statement(f);
        }
    }

    fn visit_catch_clause(&mut self, it: &CatchClause<'a>) {
        walk::walk_catch_clause(self, it);
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        self.visit_expression(&it.test);
        let avail = self.availability_test(&it.test);
        match &avail {
            Some((true, why)) => {
                let r = block_range(&it.consequent);
                self.with_fallback(why.clone(), r, |w| w.visit_statement(&it.consequent));
                if let Some(a) = &it.alternate {
                    self.visit_statement(a);
                }
            }
            Some((false, why)) => {
                self.visit_statement(&it.consequent);
                if let Some(a) = &it.alternate {
                    let r = block_range(a);
                    self.with_fallback(why.clone(), r, |w| w.visit_statement(a));
                }
            }
            None => {
                self.visit_statement(&it.consequent);
                if let Some(a) = &it.alternate {
                    self.visit_statement(a);
                }
            }
        }
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(a) = &it.argument {
            self.visit_return_value(a, it.span);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // `res.json(SAMPLE)` in a catch answers the request with made-up data.
        if !self.fallback.is_empty()
            && let Some(callee) = dotted(&it.callee)
            && callee.ends_with(".json")
            && !callee.starts_with("JSON")
            && let Some(first) = it.arguments.first().and_then(|a| a.as_expression())
        {
            self.visit_return_value(first, it.span);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        if matches!(it.operator, LogicalOperator::Coalesce | LogicalOperator::Or)
            && let Some(what) = self.made_up(&it.right, true)
        {
            let left = dotted(&it.left).unwrap_or_else(|| "the value".into());
            let confession = self.confession(span(it.span)).unwrap_or_default();
            self.out.push(fallback_default(
                span(it.right.span()),
                &what,
                &left,
                &confession,
            ));
        }
        walk::walk_logical_expression(self, it);
    }
}

impl Walker<'_> {
    fn visit_return_value(&mut self, value: &Expression, at: Span) {
        let Some(fb) = self.fallback.last().cloned() else {
            return;
        };
        if let Some(what) = self.made_up(value, false) {
            let confession = self.confession(fb.range.clone()).unwrap_or_default();
            self.out
                .push(fallback_return(span(at), &what, &fb.why, &confession));
        }
    }
}

//! Which jest/vitest/mocha/node:test tests in TypeScript/JavaScript assert
//! anything, and which assert only on their own doubles, from oxc's AST.

use std::ops::Range;

use oxc_ast::ast::{
    Argument, ArrowFunctionBody, ArrowFunctionExpression, CallExpression, Expression,
    FormalParameters, Function, FunctionBody, IdentifierReference, ImportDeclaration,
    ImportDeclarationSpecifier, Program, StaticMemberExpression, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::{GetSpan, Span};
use oxc_syntax::scope::ScopeFlags;
use rustc_hash::{FxHashMap, FxHashSet};

use super::python_assertions::is_checking_name;

use super::typescript_pretence::{dotted, span};

/// The identifier an expression is rooted at: `m` in `m.mock.calls[0]`,
/// `m().x`, `(m as Mock)`.
fn root_name(e: &Expression) -> Option<String> {
    match e {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::StaticMemberExpression(m) => root_name(&m.object),
        Expression::ComputedMemberExpression(m) => root_name(&m.object),
        Expression::CallExpression(c) => root_name(&c.callee),
        Expression::ParenthesizedExpression(p) => root_name(&p.expression),
        Expression::TSAsExpression(a) => root_name(&a.expression),
        Expression::TSNonNullExpression(a) => root_name(&a.expression),
        Expression::AwaitExpression(a) => root_name(&a.argument),
        Expression::ChainExpression(c) => c
            .expression
            .as_member_expression()
            .and_then(|m| root_name(m.object())),
        _ => None,
    }
}

fn last_name(callee: &Expression) -> String {
    match callee {
        Expression::Identifier(id) => id.name.to_string(),
        Expression::StaticMemberExpression(m) => m.property.name.to_string(),
        Expression::ParenthesizedExpression(p) => last_name(&p.expression),
        _ => String::new(),
    }
}

/// Roots whose calls are assertions: jest/vitest `expect`, node and chai
/// `assert`, chai `should`, `expectTypeOf`.
const ASSERTING_ROOTS: &[&str] = &[
    "expect",
    "assert",
    "chai",
    "should",
    "expectTypeOf",
    "assertType",
];

/// A function's body: a block, or an arrow's (possibly concise) body.
#[derive(Clone, Copy)]
enum Callback<'b, 'a> {
    Block(&'b FunctionBody<'a>),
    Arrow(&'b ArrowFunctionBody<'a>),
}

impl<'b, 'a> Callback<'b, 'a> {
    fn span(self) -> Span {
        match self {
            Callback::Block(b) => b.span,
            Callback::Arrow(b) => b.span(),
        }
    }

    fn accept(self, v: &mut impl Visit<'a>) {
        match self {
            Callback::Block(b) => v.visit_function_body(b),
            Callback::Arrow(b) => v.visit_arrow_function_body(b),
        }
    }
}

/// What a test callback is: the test's name and where it is.
struct TestCall<'b, 'a> {
    name: String,
    /// `test.each(table)(...)`: the parameters are the table's values.
    each: bool,
    name_span: Span,
    params: &'b FormalParameters<'a>,
    body: Callback<'b, 'a>,
}

/// `it(...)`, `test(...)`, `it.only(...)`, `test.each(table)(...)`; not
/// `.skip`, `.todo`, `xit`, `describe`.
fn test_call<'b, 'a>(c: &'b CallExpression<'a>) -> Option<TestCall<'b, 'a>> {
    let is_runner = |e: &Expression| matches!(e, Expression::Identifier(id) if matches!(id.name.as_str(), "it" | "test" | "specify"));
    let is_test = match &c.callee {
        e if is_runner(e) => true,
        Expression::StaticMemberExpression(m) => {
            is_runner(&m.object)
                && matches!(m.property.name.as_str(), "only" | "concurrent" | "serial")
        }
        // `test.each([...])('name %s', fn)`
        Expression::CallExpression(inner) => matches!(&inner.callee,
            Expression::StaticMemberExpression(m) if is_runner(&m.object) && m.property.name == "each"),
        _ => false,
    };
    if !is_test {
        return None;
    }
    let each = matches!(&c.callee, Expression::CallExpression(_));
    let first = c.arguments.first()?.as_expression()?;
    let name = match first {
        Expression::StringLiteral(s) => s.value.to_string(),
        Expression::TemplateLiteral(t) => t
            .quasis
            .iter()
            .map(|q| q.value.raw.to_string())
            .collect::<Vec<_>>()
            .join("…"),
        _ => return None,
    };
    let (params, body) = c
        .arguments
        .iter()
        .rev()
        .find_map(|a| match a.as_expression()? {
            Expression::ArrowFunctionExpression(f) => Some((&*f.params, Callback::Arrow(&f.body))),
            Expression::FunctionExpression(f) => {
                Some((&*f.params, Callback::Block(f.body.as_deref()?)))
            }
            _ => None,
        })?;
    Some(TestCall {
        name,
        each,
        name_span: first.span(),
        params,
        body,
    })
}

/// Whether a body asserts by itself, and what it calls. Nested functions
/// are walked: a callback the test hands out may hold its assertions.
#[derive(Default)]
struct AssertScan {
    asserts: bool,
    calls: FxHashSet<String>,
    /// The test callback's context parameter (`t` of ava, tap and
    /// node:test): its methods assert.
    context: Option<String>,
    /// The test callback's completion callback (mocha's and jest's
    /// `done`): handed to the code under test (`server.close(done)`,
    /// `{ end: done }`), the test ends only if that code calls it, and
    /// fails on `done(err)` or the timeout.
    done: Option<String>,
}

impl AssertScan {
    fn is_done(&self, e: Option<&Expression>) -> bool {
        matches!(e, Some(Expression::Identifier(id)) if self.done.as_deref() == Some(id.name.as_str()))
    }
}

impl<'a> Visit<'a> for AssertScan {
    fn visit_throw_statement(&mut self, it: &oxc_ast::ast::ThrowStatement<'a>) {
        self.asserts = true;
        walk::walk_throw_statement(self, it);
    }

    // `z.string() satisfies z.ZodString`: a type test the compiler checks.
    fn visit_ts_satisfies_expression(&mut self, it: &oxc_ast::ast::TSSatisfiesExpression<'a>) {
        self.asserts = true;
        walk::walk_ts_satisfies_expression(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        // `value.should.equal(3)`
        if it.property.name == "should" {
            self.asserts = true;
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &oxc_ast::ast::ObjectProperty<'a>) {
        if self.is_done(Some(&it.value)) {
            self.asserts = true;
        }
        walk::walk_object_property(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if it.arguments.iter().any(|a| self.is_done(a.as_expression())) {
            self.asserts = true;
        }
        let root = root_name(&it.callee).unwrap_or_default();
        let last = last_name(&it.callee);
        // Testing Library's `getBy*`/`findBy*` throw when nothing matches.
        let queries = ["getBy", "getAllBy", "findBy", "findAllBy"]
            .iter()
            .any(|p| last.starts_with(p));
        // `this.skip()` (mocha): the test reports itself skipped.
        let skips = matches!(&it.callee, Expression::StaticMemberExpression(m)
            if matches!(m.object, Expression::ThisExpression(_)) && m.property.name == "skip");
        if ASSERTING_ROOTS.contains(&root.as_str())
            || skips
            || is_checking_name(&last)
            || last.to_ascii_lowercase().contains("snapshot")
            || queries
            || self
                .context
                .as_deref()
                .is_some_and(|t| t == root && last != root)
        {
            self.asserts = true;
        }
        if !last.is_empty() {
            self.calls.insert(last);
        }
        walk::walk_call_expression(self, it);
    }
}

fn scan_body(body: Callback, context: Option<String>, done: Option<String>) -> AssertScan {
    let mut s = AssertScan {
        context,
        done,
        ..AssertScan::default()
    };
    body.accept(&mut s);
    s
}

/// A test's facts for `mock/asserts-on-own-mock`.
#[derive(Default)]
struct OwnMocks {
    /// Local names bound to a double created in the test.
    doubles: FxHashSet<String>,
    /// Literals a double was told to answer.
    configured: FxHashSet<String>,
    /// Doubles referenced anywhere but as a callee, in an expectation, or
    /// in their own declaration: handed to other code.
    escaped: FxHashSet<String>,
    /// Each expectation: the roots its subject reads, its compared
    /// literal, and where it is.
    expectations: Vec<(Vec<String>, String, Span)>,
}

/// `jest.fn()`, `vi.fn()`, `sinon.stub()`, `sinon.fake()`, and chains on
/// them (`jest.fn().mockReturnValue(5)`): the literal configured, if any.
fn creates_double(e: &Expression) -> Option<Option<String>> {
    let Expression::CallExpression(c) = e else {
        return None;
    };
    let callee = dotted(&c.callee).unwrap_or_default();
    if matches!(
        callee.as_str(),
        "jest.fn" | "vi.fn" | "sinon.stub" | "sinon.fake" | "sinon.spy"
    ) {
        // `jest.fn(() => 5)`
        let configured = c.arguments.first().and_then(|a| match a.as_expression()? {
            Expression::ArrowFunctionExpression(f) => f.get_expression().map(literal_key),
            _ => None,
        });
        return Some(configured.filter(|k| !k.is_empty()));
    }
    if let Expression::StaticMemberExpression(m) = &c.callee
        && is_configuring(&m.property.name)
        && let Some(inner) = creates_double(&m.object)
    {
        let here = c
            .arguments
            .first()
            .and_then(|a| a.as_expression())
            .map(configured_literal);
        return Some(here.flatten().or(inner));
    }
    None
}

fn is_configuring(method: &str) -> bool {
    matches!(
        method,
        "mockReturnValue"
            | "mockReturnValueOnce"
            | "mockResolvedValue"
            | "mockResolvedValueOnce"
            | "mockImplementation"
            | "mockImplementationOnce"
            | "returns"
            | "resolves"
            | "callsFake"
    )
}

/// The literal a configuring argument answers: `5`, `() => 5`.
fn configured_literal(e: &Expression) -> Option<String> {
    let key = match e {
        Expression::ArrowFunctionExpression(f) => f.get_expression().map(literal_key)?,
        e => literal_key(e),
    };
    (!key.is_empty()).then_some(key)
}

/// A literal's identity for comparing a configured value with an expected
/// one; empty for anything else (booleans and null are too common).
fn literal_key(e: &Expression) -> String {
    match e {
        Expression::NumericLiteral(n) => format!("n:{}", n.value),
        Expression::StringLiteral(s) => format!("s:{}", s.value),
        _ => String::new(),
    }
}

/// Globals an expectation's subject may read besides doubles.
fn is_global(name: &str) -> bool {
    matches!(
        name,
        "JSON" | "Number" | "String" | "Boolean" | "Array" | "Object" | "Math" | "undefined"
    )
}

/// The first pass over a test: doubles, configured literals and
/// expectations (not inside nested functions).
struct OwnScan<'o>(&'o mut OwnMocks);

impl<'a> Visit<'a> for OwnScan<'_> {
    fn visit_function(&mut self, _: &Function<'a>, _: ScopeFlags) {}
    fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init
            && let Some(configured) = creates_double(init)
            && let Some(id) = it.id.get_binding_identifier()
        {
            self.0.doubles.insert(id.name.to_string());
            self.0.configured.extend(configured);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // `m.mockReturnValue(5)`, `stub.returns(5)`
        if let Expression::StaticMemberExpression(m) = &it.callee
            && is_configuring(&m.property.name)
            && root_name(&m.object).is_some_and(|r| self.0.doubles.contains(&r))
            && let Some(k) = it
                .arguments
                .first()
                .and_then(|a| a.as_expression())
                .and_then(configured_literal)
        {
            self.0.configured.insert(k);
        }
        // `expect(subject).matcher(expected)`: the outermost call of the
        // chain holds the expected value, its root call the subject.
        if let Some((subject, expected)) = expectation(it) {
            let mut roots = Roots::default();
            roots.visit_expression(subject);
            let expected = expected.map(literal_key).unwrap_or_default();
            self.0.expectations.push((roots.0, expected, it.span));
            return;
        }
        // `sinon.assert.calledOnce(stub)`
        if dotted(&it.callee)
            .is_some_and(|d| d.starts_with("sinon.assert.") || d.starts_with("assert."))
        {
            let mut roots = Roots::default();
            for a in &it.arguments {
                if let Some(a) = a.as_expression() {
                    roots.visit_expression(a);
                }
            }
            let expected = it
                .arguments
                .get(1)
                .and_then(|a| a.as_expression())
                .map(literal_key)
                .unwrap_or_default();
            self.0.expectations.push((roots.0, expected, it.span));
            return;
        }
        walk::walk_call_expression(self, it);
    }
}

/// `expect(x).toBe(5)`, `expect(x).not.toHaveBeenCalled()`,
/// `expect(p).resolves.toEqual(1)`: the subject and the expected value.
fn expectation<'b, 'a>(
    c: &'b CallExpression<'a>,
) -> Option<(&'b Expression<'a>, Option<&'b Expression<'a>>)> {
    let Expression::StaticMemberExpression(m) = &c.callee else {
        return None;
    };
    let mut object = &m.object;
    loop {
        match object {
            Expression::StaticMemberExpression(inner) => object = &inner.object,
            Expression::CallExpression(call) if matches!(&call.callee, Expression::Identifier(id) if id.name == "expect") =>
            {
                let subject = call.arguments.first()?.as_expression()?;
                let expected = c.arguments.first().and_then(|a| a.as_expression());
                return Some((subject, expected));
            }
            _ => return None,
        }
    }
}

/// The identifiers an expression reads, leaving out globals.
#[derive(Default)]
struct Roots(Vec<String>);

impl<'a> Visit<'a> for Roots {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if !is_global(&it.name) {
            self.0.push(it.name.to_string());
        }
    }
}

/// The second pass: where doubles are referenced other than as a callee
/// or in an expectation. Nested functions count: a callback that calls the
/// double hands it out too.
struct Escapes<'o>(&'o mut OwnMocks);

impl<'a> Visit<'a> for Escapes<'_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if self.0.doubles.contains(it.name.as_str()) {
            self.0.escaped.insert(it.name.to_string());
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init
            && creates_double(init).is_some()
        {
            return;
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        // `m.mock.calls`, `m.mockReturnValue`: reading or configuring the
        // double, not handing it out.
        if root_name(&it.object).is_some_and(|r| self.0.doubles.contains(&r)) {
            return;
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let root = root_name(&it.callee).unwrap_or_default();
        let asserting = ASSERTING_ROOTS.contains(&root.as_str())
            || dotted(&it.callee).is_some_and(|d| d.starts_with("sinon.assert."));
        if asserting {
            // `expect(m)`: the double itself is the subject; anything it
            // is passed to inside the expectation is code under test.
            for a in &it.arguments {
                match a.as_expression() {
                    Some(e) if root_name(e).is_some_and(|r| self.0.doubles.contains(&r)) => {}
                    Some(e) => self.visit_expression(e),
                    None => {}
                }
            }
            if let Expression::StaticMemberExpression(m) = &it.callee {
                self.visit_expression(&m.object);
            }
            return;
        }
        if matches!(&it.callee, Expression::Identifier(id) if self.0.doubles.contains(id.name.as_str()))
        {
            for a in &it.arguments {
                if let Argument::SpreadElement(s) = a {
                    self.visit_expression(&s.argument);
                } else if let Some(e) = a.as_expression() {
                    self.visit_expression(e);
                }
            }
            return;
        }
        walk::walk_call_expression(self, it);
    }
}

/// One test and what its facts say.
struct TestFacts {
    name: String,
    name_range: Range<usize>,
    asserts: bool,
    calls: FxHashSet<String>,
    /// The first expectation when every one of them is on the test's own
    /// doubles, with the double.
    own_mock: Option<(Range<usize>, String)>,
}

fn own_mock(body: Callback) -> Option<(Range<usize>, String)> {
    let mut own = OwnMocks::default();
    body.accept(&mut OwnScan(&mut own));
    if own.doubles.is_empty() || own.expectations.is_empty() {
        return None;
    }
    body.accept(&mut Escapes(&mut own));
    let mut first = None;
    for (roots, expected, at) in &own.expectations {
        let double = roots.iter().find(|r| own.doubles.contains(*r))?;
        let only_doubles = roots
            .iter()
            .all(|r| own.doubles.contains(r) && !own.escaped.contains(r));
        let configured = !expected.is_empty() && own.configured.contains(expected);
        if !(only_doubles || configured) {
            return None;
        }
        first.get_or_insert_with(|| (span(*at), double.clone()));
    }
    first
}

/// Every test, every named function and what it calls, and the names
/// imported from test-support modules.
#[derive(Default)]
struct Collector {
    tests: Vec<TestFacts>,
    /// Functions of the file by name: whether each asserts by itself, and
    /// what it calls.
    functions: FxHashMap<String, (bool, FxHashSet<String>)>,
    support: FxHashSet<String>,
    /// Where `// @ts-expect-error` directives sit: the compiler fails the
    /// build when the line under one type-checks, a type assertion.
    expect_error: Vec<usize>,
    /// Methods the file asserts raise on bad input (`expect(() =>
    /// s.parse(x)).toThrow()`, `assert.throws(() => t.check())`): a bare
    /// call of one in another test is the other half of that check, and
    /// fails the test by raising.
    throwing: FxHashSet<String>,
}

impl Collector {
    fn function(&mut self, name: &str, body: Callback) {
        let s = scan_body(body, None, None);
        self.functions
            .insert(name.to_string(), (s.asserts, s.calls));
    }
}

impl<'a> Visit<'a> for Collector {
    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        let spec = it.source.value.as_str();
        let support = spec.split('/').any(|seg| {
            let seg = seg.split('.').next().unwrap_or(seg);
            matches!(
                seg,
                "test"
                    | "tests"
                    | "testing"
                    | "__tests__"
                    | "test-utils"
                    | "test-helpers"
                    | "testutils"
                    | "helpers"
                    | "support"
                    | "fixtures"
                    | "@testing-library"
            ) || seg.contains("assert")
                || seg.ends_with("-test")
                || seg.ends_with("_test")
        });
        if support && let Some(specifiers) = &it.specifiers {
            for s in specifiers {
                let local = match s {
                    ImportDeclarationSpecifier::ImportSpecifier(s) => &s.local,
                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => &s.local,
                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => &s.local,
                };
                self.support.insert(local.name.to_string());
            }
        }
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        if let (Some(id), Some(body)) = (&it.id, &it.body) {
            self.function(&id.name, Callback::Block(body));
        }
        walk::walk_function(self, it, flags);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(id) = it.id.get_binding_identifier() {
            match &it.init {
                Some(Expression::ArrowFunctionExpression(f)) => {
                    self.function(&id.name, Callback::Arrow(&f.body))
                }
                Some(Expression::FunctionExpression(f)) => {
                    if let Some(b) = &f.body {
                        self.function(&id.name, Callback::Block(b));
                    }
                }
                _ => {}
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        throwing_methods(it, &mut self.throwing);
        if let Some(t) = test_call(it) {
            let first = t
                .params
                .items
                .first()
                .and_then(|p| p.pattern.get_binding_identifier())
                .map(|i| i.name.to_string());
            let (context, done) = match first {
                Some(n) if n == "t" => (Some(n), None),
                Some(n) if !t.each => (None, Some(n)),
                _ => (None, None),
            };
            let s = scan_body(t.body, context, done);
            let body = t.body.span();
            let type_asserts = self
                .expect_error
                .iter()
                .any(|&at| body.start as usize <= at && at < body.end as usize)
                || annotates_values(t.body);
            self.tests.push(TestFacts {
                name: t.name,
                name_range: span(t.name_span),
                asserts: s.asserts || type_asserts,
                calls: s.calls,
                own_mock: own_mock(t.body),
            });
        }
        walk::walk_call_expression(self, it);
    }
}

/// The methods called (as `receiver.method(...)`) inside the function or
/// promise an expectation says throws or rejects: `expect(() =>
/// a.parse(x)).toThrow()`, `expect(a.load()).rejects.toThrow()`,
/// `assert.throws(() => a.check())`, `t.throwsAsync(...)`.
fn throwing_methods(c: &CallExpression, out: &mut FxHashSet<String>) {
    #[derive(Default)]
    struct Methods(FxHashSet<String>);
    impl<'a> Visit<'a> for Methods {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if let Expression::StaticMemberExpression(m) = &it.callee {
                self.0.insert(m.property.name.to_string());
            }
            walk::walk_call_expression(self, it);
        }
    }
    let last = last_name(&c.callee);
    let subject = if matches!(
        last.as_str(),
        "throws" | "rejects" | "throwsAsync" | "rejectsAsync"
    ) {
        c.arguments.first().and_then(Argument::as_expression)
    } else if last.starts_with("toThrow") || last.starts_with("toReject") {
        // Down the chain to the `expect(subject)` it hangs on.
        let mut e = &c.callee;
        loop {
            match e {
                Expression::StaticMemberExpression(m) => e = &m.object,
                Expression::CallExpression(inner) if last_name(&inner.callee) == "expect" => {
                    break inner.arguments.first().and_then(Argument::as_expression);
                }
                Expression::CallExpression(inner) => e = &inner.callee,
                _ => break None,
            }
        }
    } else {
        None
    };
    if let Some(subject) = subject {
        let mut m = Methods::default();
        m.visit_expression(subject);
        out.extend(m.0);
    }
}

/// Whether a test's own statements declare a typed value (`const s:
/// StandardSchemaV1 = z.string()`, `let t!: z.infer<typeof s>`) or a type
/// (`type T = ...`, an interface): the compiler checks the value against
/// the type, or the type's constraints, a type test. Helpers' typed locals
/// are not counted.
fn annotates_values(body: Callback) -> bool {
    let statements = match body {
        Callback::Block(b) => &b.statements,
        Callback::Arrow(ArrowFunctionBody::FunctionBody(b)) => &b.statements,
        Callback::Arrow(_) => return false,
    };
    statements.iter().any(|s| {
        matches!(
            s,
            oxc_ast::ast::Statement::TSTypeAliasDeclaration(_)
                | oxc_ast::ast::Statement::TSInterfaceDeclaration(_)
        ) || matches!(s, oxc_ast::ast::Statement::VariableDeclaration(d)
            if d.declarations.iter().any(|v| {
                (v.init.is_some() || v.definite)
                    && v.type_annotation.as_ref().is_some_and(|t| {
                        !matches!(
                            t.type_annotation,
                            oxc_ast::ast::TSType::TSAnyKeyword(_) | oxc_ast::ast::TSType::TSUnknownKeyword(_)
                        )
                    })
            }))
    })
}

fn collect(program: &Program) -> Collector {
    let mut c = Collector {
        expect_error: program
            .comments
            .iter()
            .filter(|k| {
                program
                    .source_text
                    .get(k.span.start as usize..k.span.end as usize)
                    .is_some_and(|t| {
                        t.trim_start_matches(['/', '*', ' '])
                            .starts_with("@ts-expect-error")
                    })
            })
            .map(|k| k.span.start as usize)
            .collect(),
        ..Collector::default()
    };
    c.visit_program(program);
    c
}

/// Tests that assert nothing: no `expect`/`assert`/`should`, no checking
/// call (`assert*`, `expect*`, `verify*`, `toMatchSnapshot`, supertest's
/// `.expect(200)`, Testing Library's `getBy*`), no `throw`, and no call to
/// a function of the file that asserts (followed through helpers) or to a
/// name imported from a test-support module. The test's name span and
/// name.
pub fn assertion_free_tests(program: &Program) -> Vec<(Range<usize>, String)> {
    let c = collect(program);
    let mut asserting: FxHashSet<&str> = c
        .functions
        .iter()
        .filter(|(_, (direct, _))| *direct)
        .map(|(n, _)| n.as_str())
        .chain(c.support.iter().map(String::as_str))
        .collect();
    loop {
        let before = asserting.len();
        for (name, (_, calls)) in &c.functions {
            if !asserting.contains(name.as_str())
                && calls.iter().any(|x| asserting.contains(x.as_str()))
            {
                asserting.insert(name);
            }
        }
        if asserting.len() == before {
            break;
        }
    }
    c.tests
        .iter()
        .filter(|t| {
            !t.asserts
                && !t
                    .calls
                    .iter()
                    .any(|x| asserting.contains(x.as_str()) || c.throwing.contains(x))
        })
        .map(|t| (t.name_range.clone(), t.name.clone()))
        .collect()
}

/// Tests whose every expectation is on a double the test created and
/// never handed to other code (`const m = jest.fn(); m(); expect(m)
/// .toHaveBeenCalled()`), or compares with a literal the test told a
/// double to answer (`m.mockReturnValue(5) … expect(x).toBe(5)`): the
/// first expectation's span, the test's name and the double.
pub fn asserts_on_own_mock(program: &Program) -> Vec<(Range<usize>, String, String)> {
    collect(program)
        .tests
        .into_iter()
        .filter_map(|t| {
            let (range, double) = t.own_mock?;
            Some((range, t.name, double))
        })
        .collect()
}

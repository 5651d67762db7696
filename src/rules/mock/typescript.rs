//! Mocking constructs in TypeScript/JavaScript, from oxc's AST.

use std::ops::Range;

use oxc_ast::ast::{
    Argument, BindingPattern, CallExpression, Class, Expression, Function, IdentifierReference,
    ImportDeclaration, ImportDeclarationSpecifier, ModuleExportName, NewExpression, Program,
    VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::{GetSpan, Span};
use rustc_hash::{FxHashMap, FxHashSet};

use super::facts::{
    MockFact, is_mock_switch_name, is_production_double_name, is_stand_in_class_name, js_library,
};

fn span(s: Span) -> Range<usize> {
    s.start as usize..s.end as usize
}

fn dotted(e: &Expression) -> Option<String> {
    match e {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::StaticMemberExpression(m) => {
            Some(format!("{}.{}", dotted(&m.object)?, m.property.name))
        }
        Expression::ParenthesizedExpression(p) => dotted(&p.expression),
        _ => None,
    }
}

/// A local name bound by an import: the library and the member path it
/// stands for (empty for a default or namespace import).
#[derive(Clone)]
struct Bound {
    library: &'static str,
    member: String,
}

/// What a callee resolves to: the library, the member path, and whether
/// the local name is the whole module (`sinon.stub`) or a named import.
struct Resolved {
    library: &'static str,
    member: String,
    whole_module: bool,
}

#[derive(Default)]
struct Imports {
    by_local: FxHashMap<String, Bound>,
    /// Locals imported from project modules (`./fakes`), by name.
    local_modules: FxHashSet<String>,
    /// Import statements of mocking libraries: span and library.
    statements: Vec<(Range<usize>, &'static str)>,
    /// The local names each of `statements` binds.
    statement_locals: Vec<Vec<String>>,
    /// `jest`/`vi` bound by an import rather than a global.
    runner: FxHashMap<String, &'static str>,
}

impl Imports {
    fn module(&mut self, spec: &str, stmt: Span) -> Option<&'static str> {
        let lib = js_library(spec)?;
        self.statements.push((span(stmt), lib));
        self.statement_locals.push(Vec::new());
        Some(lib)
    }

    fn bind(&mut self, spec: &str, local: &str, imported: Option<&str>, lib: Option<&'static str>) {
        if spec.starts_with('.') {
            self.local_modules.insert(local.to_string());
        }
        if let Some(library) = lib {
            if let Some(locals) = self.statement_locals.last_mut() {
                locals.push(local.to_string());
            }
            self.by_local.insert(
                local.to_string(),
                Bound {
                    library,
                    member: imported.unwrap_or("").to_string(),
                },
            );
        } else if matches!(spec, "@jest/globals" | "vitest")
            && let Some(name @ ("jest" | "vi")) = imported
        {
            let runner = if name == "jest" { "jest" } else { "vi" };
            self.runner.insert(local.to_string(), runner);
        }
    }

    /// The library and member path a callee stands for.
    fn resolve(&self, callee: &Expression) -> Option<Resolved> {
        let text = dotted(callee)?;
        let (root, rest) = match text.split_once('.') {
            Some((r, rest)) => (r, rest),
            None => (text.as_str(), ""),
        };
        if let Some(b) = self.by_local.get(root) {
            let whole_module = b.member.is_empty();
            let mut member = b.member.clone();
            if !rest.is_empty() {
                if !member.is_empty() {
                    member.push('.');
                }
                member.push_str(rest);
            }
            return Some(Resolved {
                library: b.library,
                member,
                whole_module,
            });
        }
        let runner = self.runner.get(root).copied().or(match root {
            "jest" => Some("jest"),
            "vi" => Some("vi"),
            _ => None,
        })?;
        Some(Resolved {
            library: runner,
            member: rest.to_string(),
            whole_module: true,
        })
    }
}

/// Whether calling `member` of `library` creates a double.
fn is_construct(library: &str, member: &str) -> bool {
    let first = member.split('.').next().unwrap_or("");
    let any_but = |deny: &[&str]| !member.split('.').any(|s| deny.contains(&s));
    match library {
        "jest" => matches!(
            first,
            "mock"
                | "doMock"
                | "unstable_mockModule"
                | "fn"
                | "spyOn"
                | "createMockFromModule"
                | "genMockFromModule"
                | "replaceProperty"
        ),
        "vi" => matches!(
            first,
            "mock" | "doMock" | "fn" | "spyOn" | "stubGlobal" | "importMock"
        ),
        "msw" => matches!(
            first,
            "setupServer" | "setupWorker" | "http" | "rest" | "graphql"
        ),
        "jest-mock" => matches!(first, "fn" | "spyOn" | "ModuleMocker"),
        "jest-mock-extended" => matches!(first, "mock" | "mockDeep" | "mockFn"),
        "ts-mockito" => matches!(first, "mock" | "spy" | "imitate"),
        "sinon" => {
            !member.is_empty()
                && any_but(&[
                    "restore",
                    "assert",
                    "match",
                    "reset",
                    "resetHistory",
                    "resetBehavior",
                    "verify",
                    "verifyAndRestore",
                ])
        }
        "testdouble" => {
            !member.is_empty()
                && any_but(&[
                    "reset", "verify", "when", "explain", "matchers", "config", "callback",
                ])
        }
        // `nock(url)`, `new MockAdapter(axios)`, `fetchMock.get(...)`.
        _ => any_but(&[
            "disableNetConnect",
            "enableNetConnect",
            "cleanAll",
            "restore",
            "reset",
            "resetHistory",
            "isDone",
            "pendingMocks",
            "activeMocks",
            "activate",
            "isActive",
            "abortPendingRequests",
            "called",
            "calls",
        ]),
    }
}

fn collect_imports(program: &Program) -> Imports {
    let mut c = ImportCollector::default();
    c.visit_program(program);
    c.imports
}

#[derive(Default)]
struct ImportCollector {
    imports: Imports,
}

impl<'a> Visit<'a> for ImportCollector {
    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if it.import_kind.is_type() {
            return;
        }
        let spec = it.source.value.as_str();
        let lib = self.imports.module(spec, it.span);
        for s in it.specifiers.iter().flatten() {
            match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    if s.import_kind.is_type() {
                        continue;
                    }
                    let imported = match &s.imported {
                        ModuleExportName::IdentifierName(n) => n.name.as_str(),
                        ModuleExportName::IdentifierReference(n) => n.name.as_str(),
                        ModuleExportName::StringLiteral(n) => n.value.as_str(),
                    };
                    self.imports
                        .bind(spec, s.local.name.as_str(), Some(imported), lib);
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    self.imports.bind(spec, s.local.name.as_str(), None, lib)
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    self.imports.bind(spec, s.local.name.as_str(), None, lib)
                }
            }
        }
    }

    /// `const sinon = require("sinon")`, `const { setupServer } = require("msw/node")`.
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(Expression::CallExpression(call)) = &it.init
            && call.is_require_call()
            && let Some(Argument::StringLiteral(s)) = call.arguments.first()
        {
            let spec = s.value.as_str();
            let lib = self.imports.module(spec, it.span);
            match &it.id {
                BindingPattern::BindingIdentifier(id) => {
                    self.imports.bind(spec, id.name.as_str(), None, lib)
                }
                BindingPattern::ObjectPattern(o) => {
                    for p in &o.properties {
                        if let (Some(key), BindingPattern::BindingIdentifier(id)) =
                            (p.key.static_name(), &p.value)
                        {
                            self.imports.bind(spec, id.name.as_str(), Some(&key), lib);
                        }
                    }
                }
                _ => {}
            }
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// Mocking constructs in a test file.
pub fn test_constructs(program: &Program) -> Vec<MockFact> {
    let imports = collect_imports(program);
    let mut classes = DoubleClasses::default();
    classes.visit_program(program);
    let mut doubles = classes.0;
    doubles.extend(
        imports
            .local_modules
            .iter()
            .filter(|n| is_stand_in_class_name(n))
            .cloned(),
    );
    // An import the file never refers to still mocks (`import "msw/node"`
    // setup, a library whose import patches globals); referenced imports
    // are reported at their constructs instead.
    let mut refs = References::default();
    refs.visit_program(program);
    let out = imports
        .statements
        .iter()
        .zip(&imports.statement_locals)
        .filter(|(_, locals)| !locals.iter().any(|l| refs.0.contains(l)))
        .map(|((r, lib), _)| MockFact::new(r.clone(), format!("mocking library `{lib}` imported")))
        .collect();
    let mut v = TestVisitor {
        imports: &imports,
        doubles,
        out,
    };
    v.visit_program(program);
    v.out
}

/// Every identifier the program reads.
#[derive(Default)]
struct References(FxHashSet<String>);

impl<'a> Visit<'a> for References {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.0.insert(it.name.to_string());
    }
}

#[derive(Default)]
struct DoubleClasses(FxHashSet<String>);

impl<'a> Visit<'a> for DoubleClasses {
    fn visit_class(&mut self, it: &Class<'a>) {
        if let Some(id) = &it.id
            && is_stand_in_class_name(id.name.as_str())
        {
            self.0.insert(id.name.to_string());
        }
        walk::walk_class(self, it);
    }
}

struct TestVisitor<'i> {
    imports: &'i Imports,
    doubles: FxHashSet<String>,
    out: Vec<MockFact>,
}

impl TestVisitor<'_> {
    fn callee(&mut self, callee: &Expression, whole: Span) -> bool {
        if let Some(Resolved {
            library,
            member,
            whole_module,
        }) = self.imports.resolve(callee)
            && is_construct(library, &member)
        {
            let what = if member.is_empty() {
                format!("`{library}`")
            } else if whole_module {
                format!("`{library}.{member}`")
            } else {
                format!("`{member}` ({library})")
            };
            self.out.push(MockFact::new(span(whole), what));
            return true;
        }
        if let Expression::Identifier(id) = callee
            && self.doubles.contains(id.name.as_str())
        {
            self.out.push(MockFact::new(
                span(whole),
                format!("hand-written fake `{}`", id.name),
            ));
            return true;
        }
        false
    }

    fn arguments(&mut self, args: &[Argument]) {
        for a in args {
            if let Argument::Identifier(id) = a
                && self.doubles.contains(id.name.as_str())
            {
                self.out.push(MockFact::new(
                    span(id.span),
                    format!("hand-written fake `{}` passed as a dependency", id.name),
                ));
            }
        }
    }
}

impl<'a> Visit<'a> for TestVisitor<'_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if self.callee(&it.callee, it.span) {
            self.arguments(&it.arguments);
            for a in &it.arguments {
                self.visit_argument(a);
            }
            return;
        }
        self.arguments(&it.arguments);
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        if self.callee(&it.callee, it.span) {
            self.arguments(&it.arguments);
            for a in &it.arguments {
                self.visit_argument(a);
            }
            return;
        }
        self.arguments(&it.arguments);
        walk::walk_new_expression(self, it);
    }
}

/// Mocking imports, doubles and switches in a production module.
pub fn production_facts(program: &Program) -> Vec<MockFact> {
    let imports = collect_imports(program);
    let mut out: Vec<MockFact> = imports
        .statements
        .iter()
        .map(|(r, lib)| MockFact::new(r.clone(), format!("mocking library `{lib}` imported")))
        .collect();
    let mut v = ProdVisitor::default();
    v.visit_program(program);
    for (name, range, def) in &v.defs {
        if v.refs.iter().any(|(n, r, fallback)| {
            *fallback && n == name && !(def.start <= r.start && r.end <= def.end)
        }) {
            out.push(MockFact::new(
                range.clone(),
                format!("test double `{name}` defined and used"),
            ));
        }
    }
    let mut seen = FxHashSet::default();
    for (name, range) in v.switches {
        if seen.insert(name.clone()) {
            out.push(MockFact::new(range, format!("mock switch `{name}`")));
        }
    }
    out
}

#[derive(Default)]
struct ProdVisitor {
    defs: Vec<(String, Range<usize>, Range<usize>)>,
    /// References to double-named things, and whether each sits in a
    /// fallback (a `catch`, or a branch on a mock switch).
    refs: Vec<(String, Range<usize>, bool)>,
    switches: Vec<(String, Range<usize>)>,
    fallback: usize,
}

/// Whether a condition is about mocking (`USE_MOCK`, `config.mock`,
/// `process.env.MOCK_API === "1"`).
fn mentions_double(e: &Expression) -> bool {
    #[derive(Default)]
    struct Mentions(bool);
    fn word(s: &str) -> bool {
        is_mock_switch_name(s)
            || s.to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| {
                    matches!(
                        w,
                        "mock" | "mocks" | "mocked" | "fake" | "simulated" | "simulation"
                    )
                })
    }
    impl<'a> Visit<'a> for Mentions {
        fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
            self.0 |= word(it.name.as_str());
        }
        fn visit_identifier_name(&mut self, it: &oxc_ast::ast::IdentifierName<'a>) {
            self.0 |= word(it.name.as_str());
        }
        fn visit_string_literal(&mut self, it: &oxc_ast::ast::StringLiteral<'a>) {
            self.0 |= word(it.value.as_str());
        }
    }
    let mut m = Mentions::default();
    m.visit_expression(e);
    m.0
}

/// Whether an expression reads the environment (`process.env.X`,
/// `import.meta.env.X`).
fn reads_environment(e: &Expression) -> bool {
    #[derive(Default)]
    struct Env(bool);
    impl<'a> Visit<'a> for Env {
        fn visit_identifier_name(&mut self, it: &oxc_ast::ast::IdentifierName<'a>) {
            self.0 |= it.name == "env";
        }
    }
    let mut v = Env::default();
    v.visit_expression(e);
    v.0
}

impl<'a> Visit<'a> for ProdVisitor {
    fn visit_class(&mut self, it: &Class<'a>) {
        if let Some(id) = &it.id
            && is_production_double_name(id.name.as_str())
        {
            self.defs
                .push((id.name.to_string(), span(id.span), span(it.span)));
        }
        walk::walk_class(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_syntax::scope::ScopeFlags) {
        if let Some(id) = &it.id
            && is_production_double_name(id.name.as_str())
        {
            self.defs
                .push((id.name.to_string(), span(id.span), span(it.span)));
        }
        walk::walk_function(self, it, flags);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        // `const fakeMode = exportsType === "default-only" ? 0 : 2` derives
        // a mode from program data; a switch is configured (a literal, the
        // environment, a setting), or chosen on something about mocking.
        let derived = matches!(&it.init, Some(Expression::ConditionalExpression(c))
            if !mentions_double(&c.test) && !reads_environment(&c.test));
        if let BindingPattern::BindingIdentifier(id) = &it.id
            && is_mock_switch_name(id.name.as_str())
            && !derived
        {
            self.switches.push((id.name.to_string(), span(id.span)));
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if is_production_double_name(it.name.as_str()) {
            self.refs
                .push((it.name.to_string(), span(it.span), self.fallback > 0));
        }
    }

    fn visit_catch_clause(&mut self, it: &oxc_ast::ast::CatchClause<'a>) {
        self.fallback += 1;
        walk::walk_catch_clause(self, it);
        self.fallback -= 1;
    }

    fn visit_if_statement(&mut self, it: &oxc_ast::ast::IfStatement<'a>) {
        let on = usize::from(mentions_double(&it.test));
        self.fallback += on;
        walk::walk_if_statement(self, it);
        self.fallback -= on;
    }

    fn visit_conditional_expression(&mut self, it: &oxc_ast::ast::ConditionalExpression<'a>) {
        let on = usize::from(mentions_double(&it.test));
        self.fallback += on;
        walk::walk_conditional_expression(self, it);
        self.fallback -= on;
    }

    fn visit_expression(&mut self, it: &Expression<'a>) {
        // `process.env.USE_MOCK_API`
        if let Expression::StaticMemberExpression(m) = it
            && is_mock_switch_name(m.property.name.as_str())
            && dotted(&m.object).as_deref() == Some("process.env")
        {
            self.switches
                .push((m.property.name.to_string(), span(m.span())));
        }
        walk::walk_expression(self, it);
    }
}

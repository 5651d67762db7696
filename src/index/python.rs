//! Facts from one Python module: classes (bases, decorators, body facts an
//! ORM reads), imports, registration calls, string node references,
//! `create_all` uses, Alembic and Django migration operations.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::{
    ClassFact, DecoratorFact, FieldFact, FileFacts, ImportFact, MigrationFile, MigrationOp,
    MigrationTool, NodeRef, RuntimeDdl, Span, sql,
};

fn span<T: Ranged>(node: &T) -> Span {
    let r = node.range();
    r.start().to_usize()..r.end().to_usize()
}

/// `a.b.c` for a name/attribute chain; `a.b()` for a call on one; `None`
/// for anything else.
pub fn dotted(expr: &Expr) -> Option<String> {
    let mut out = String::new();
    push_dotted(expr, &mut out).then_some(out)
}

/// Appends `expr`'s dotted text to `out` (one buffer, however long the
/// chain); `false` when part of it has none.
fn push_dotted(expr: &Expr, out: &mut String) -> bool {
    match expr {
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::Attribute(a) => {
            if !push_dotted(&a.value, out) {
                return false;
            }
            out.push('.');
            out.push_str(a.attr.as_str());
        }
        Expr::Call(c) => {
            if !push_dotted(&c.func, out) {
                return false;
            }
            out.push_str("()");
        }
        Expr::Subscript(s) => return push_dotted(&s.value, out),
        _ => return false,
    }
    true
}

/// `last(&dotted(expr)?)` without building the dotted text: the name a
/// call's callee ends in.
fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        Expr::Call(c) => last_name(&c.func),
        Expr::Subscript(s) => last_name(&s.value),
        _ => None,
    }
}

fn last(d: &str) -> &str {
    d.trim_end_matches("()").rsplit('.').next().unwrap_or(d)
}

fn string(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}

fn is_true(expr: &Expr) -> bool {
    matches!(expr, Expr::BooleanLiteral(b) if b.value)
}

fn arg<'a>(args: &'a ast::Arguments, name: &str, pos: Option<usize>) -> Option<&'a Expr> {
    if let Some(k) = args.find_keyword(name) {
        return Some(&k.value);
    }
    pos.and_then(|p| args.find_positional(p))
}

/// The module path of a file: `app/nodes/__init__.py` → `app.nodes`.
pub fn module_of(rel: &str) -> (String, bool) {
    let stem = rel.trim_end_matches(".pyi").trim_end_matches(".py");
    let (stem, package) = match stem.strip_suffix("/__init__") {
        Some(s) => (s, true),
        None if stem == "__init__" => ("", true),
        None => (stem, false),
    };
    (stem.replace('/', "."), package)
}

/// What the extractor needs from the registration packs.
pub struct Wanted<'a> {
    pub reference_calls: &'a [String],
    pub registry_calls: &'a [String],
}

pub fn collect(
    module: &ast::ModModule,
    text: &str,
    rel: &str,
    facts: &mut FileFacts,
    wanted: &Wanted,
) {
    let (name, package) = module_of(rel);
    facts.module = Some(name.clone());
    facts.package = package;
    let mut x = Extractor {
        facts,
        wanted,
        module: name,
        package,
        depth: 0,
        functions: Vec::new(),
        constants: Vec::new(),
    };
    for stmt in &module.body {
        x.top_level(stmt);
    }
    x.visit_body(&module.body);

    let alembic = is_alembic_revision(rel, text);
    if alembic {
        alembic_revision(module, rel, facts);
    } else if is_django_migration(rel, text) {
        django_migration(module, rel, facts);
    }
}

struct Extractor<'f, 'w> {
    facts: &'f mut FileFacts,
    wanted: &'w Wanted<'w>,
    module: String,
    package: bool,
    /// Function/class nesting (only module-level classes join the graph).
    depth: usize,
    /// Names of the enclosing functions.
    functions: Vec<String>,
    /// Module-level string constants (`SCHEMA = """CREATE TABLE ..."""`),
    /// so `cursor.execute(SCHEMA)` is read as the statement it runs.
    constants: Vec<(String, String, Span)>,
}

impl Extractor<'_, '_> {
    fn absolute(&self, module: Option<&str>, level: u32) -> String {
        if level == 0 {
            return module.unwrap_or("").to_string();
        }
        let mut parts: Vec<&str> = self.module.split('.').filter(|s| !s.is_empty()).collect();
        // `from . import x` in a module means its package; in a package's
        // `__init__` it means the package itself.
        let up = if self.package { level - 1 } else { level };
        for _ in 0..up {
            parts.pop();
        }
        if let Some(m) = module {
            parts.extend(m.split('.'));
        }
        parts.join(".")
    }

    fn top_level(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(local) => self.facts.imports.push(ImportFact {
                            local: local.as_str().to_string(),
                            module: full.to_string(),
                            name: None,
                        }),
                        None => {
                            let head = full.split('.').next().unwrap_or(full);
                            self.facts.imports.push(ImportFact {
                                local: head.to_string(),
                                module: head.to_string(),
                                name: None,
                            });
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let module = self.absolute(i.module.as_ref().map(|m| m.as_str()), i.level);
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        self.facts.star_imports.push(module.clone());
                        continue;
                    }
                    let local = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.facts.imports.push(ImportFact {
                        local: local.as_str().to_string(),
                        module: module.clone(),
                        name: Some(alias.name.as_str().to_string()),
                    });
                }
            }
            Stmt::Assign(a) => {
                if self.package
                    && let [Expr::Name(target)] = a.targets.as_slice()
                    && target.id.as_str() == "__all__"
                    && let Expr::List(ast::ExprList { elts, .. })
                    | Expr::Tuple(ast::ExprTuple { elts, .. }) = &*a.value
                {
                    for e in elts {
                        if let Expr::StringLiteral(s) = e {
                            self.facts
                                .exports
                                .push((s.value.to_str().to_string(), span(s)));
                        }
                    }
                }
                if let [Expr::Name(target)] = a.targets.as_slice()
                    && let Some(text) = literal_text(&a.value)
                {
                    self.constants
                        .push((target.id.to_string(), text, span(&*a.value)));
                }
                if let ([Expr::Name(target)], Some(value)) =
                    (a.targets.as_slice(), dotted(&a.value))
                    && matches!(*a.value, Expr::Name(_) | Expr::Attribute(_))
                {
                    self.facts.aliases.push((target.id.to_string(), value));
                }
            }
            Stmt::If(i) => {
                // `if TYPE_CHECKING:` / version checks: imports still count.
                for s in &i.body {
                    self.top_level(s);
                }
            }
            Stmt::Try(t) => {
                for s in &t.body {
                    self.top_level(s);
                }
            }
            _ => {}
        }
    }

    fn class(&mut self, c: &ast::StmtClassDef) {
        let mut fact = ClassFact {
            name: c.name.as_str().to_string(),
            span: span(&c.name),
            nested: self.depth > 0,
            ..ClassFact::default()
        };
        if let Some(args) = &c.arguments {
            for b in args.args.iter() {
                if let Some(d) = dotted(b) {
                    fact.bases.push(d);
                }
            }
            for k in &args.keywords {
                if let Some(name) = &k.arg {
                    let value = match &k.value {
                        Expr::BooleanLiteral(b) => b.value.to_string(),
                        other => dotted(other).unwrap_or_default(),
                    };
                    fact.keywords.push((name.as_str().to_string(), value));
                }
            }
        }
        for d in &c.decorator_list {
            fact.decorators.push(decorator(&d.expression));
        }
        for stmt in &c.body {
            self.class_body(stmt, &mut fact);
        }
        self.facts.classes.push(fact);
    }

    fn class_body(&self, stmt: &Stmt, fact: &mut ClassFact) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    let name = decorator(&d.expression).name;
                    if last(&name).starts_with("abstract") {
                        fact.has_abstract_method = true;
                    }
                }
            }
            Stmt::Assign(a) => {
                let [Expr::Name(target)] = a.targets.as_slice() else {
                    return;
                };
                let name = target.id.as_str();
                match name {
                    "__tablename__" => fact.tablename = string(&a.value),
                    "__abstract__" => fact.sa_abstract = is_true(&a.value),
                    "__table__" => fact.has_table_object = true,
                    _ => fact.fields.push(field(name, span(target), None, &a.value)),
                }
            }
            Stmt::AnnAssign(a) => {
                let Expr::Name(target) = &*a.target else {
                    return;
                };
                let name = target.id.as_str();
                if name == "__tablename__" {
                    fact.tablename = a.value.as_deref().and_then(string);
                    return;
                }
                let annotation = dotted(&a.annotation).map(|d| last(&d).to_string());
                match &a.value {
                    Some(v) => fact.fields.push(field(name, span(target), annotation, v)),
                    None => fact.fields.push(FieldFact {
                        name: name.to_string(),
                        span: span(target),
                        annotation,
                        ..FieldFact::default()
                    }),
                }
            }
            Stmt::ClassDef(meta) if meta.name.as_str() == "Meta" => {
                for s in &meta.body {
                    let Stmt::Assign(a) = s else { continue };
                    let [Expr::Name(t)] = a.targets.as_slice() else {
                        continue;
                    };
                    match t.id.as_str() {
                        "db_table" => fact.meta_db_table = string(&a.value),
                        "abstract" => fact.meta_abstract = is_true(&a.value),
                        "proxy" => fact.meta_proxy = is_true(&a.value),
                        "managed" => {
                            fact.meta_unmanaged =
                                matches!(&*a.value, Expr::BooleanLiteral(b) if !b.value)
                        }
                        "app_label" => fact.meta_app_label = string(&a.value),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn decorator(expr: &Expr) -> DecoratorFact {
    match expr {
        Expr::Call(c) => {
            let mut strings = Vec::new();
            for a in c.arguments.args.iter() {
                strings.extend(string(a));
            }
            for k in &c.arguments.keywords {
                if matches!(k.arg.as_ref().map(|a| a.as_str()), Some("alias" | "name")) {
                    strings.extend(string(&k.value));
                }
            }
            DecoratorFact {
                name: dotted(&c.func).unwrap_or_default(),
                strings,
            }
        }
        other => DecoratorFact {
            name: dotted(other).unwrap_or_default(),
            strings: Vec::new(),
        },
    }
}

fn field(name: &str, span: Span, annotation: Option<String>, value: &Expr) -> FieldFact {
    let mut f = FieldFact {
        name: name.to_string(),
        span,
        annotation,
        ..FieldFact::default()
    };
    if let Expr::Call(c) = value {
        let callee = dotted(&c.func).unwrap_or_default();
        f.callee = last(&callee).to_string();
        // SQLAlchemy `Column("name", ...)`, `mapped_column("name")`,
        // `name=`; SQLModel `sa_column=Column("name")`; Django `db_column=`.
        f.sa_name = c.arguments.args.first().and_then(string).or_else(|| {
            c.arguments
                .find_keyword("name")
                .and_then(|k| string(&k.value))
        });
        if let Some(k) = c.arguments.find_keyword("sa_column") {
            f.sa_name = match &k.value {
                Expr::Call(inner) => inner.arguments.args.first().and_then(string),
                _ => None,
            };
        }
        f.db_column = c
            .arguments
            .find_keyword("db_column")
            .and_then(|k| string(&k.value));
    }
    f
}

impl<'a> Visitor<'a> for Extractor<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::ClassDef(c) => {
                self.class(c);
                self.depth += 1;
                walk_stmt(self, stmt);
                self.depth -= 1;
            }
            Stmt::FunctionDef(f) => {
                self.depth += 1;
                self.functions.push(f.name.as_str().to_ascii_lowercase());
                walk_stmt(self, stmt);
                self.functions.pop();
                self.depth -= 1;
            }
            Stmt::Import(i) if self.depth > 0 => {
                for a in &i.names {
                    self.facts.local_imports.push(a.name.as_str().to_string());
                }
            }
            Stmt::ImportFrom(i) if self.depth > 0 && i.level == 0 => {
                if let Some(m) = &i.module {
                    self.facts.local_imports.push(m.as_str().to_string());
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(c) => self.call(c),
            Expr::Attribute(a) if a.attr.as_str() == "create_all" => {
                if let Some(recv) = dotted(&a.value)
                    && (recv == "metadata"
                        || recv.ends_with(".metadata")
                        || recv == "db"
                        || recv.ends_with(".db"))
                {
                    self.facts
                        .create_all
                        .push((span(expr), format!("{recv}.create_all")));
                }
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

impl Extractor<'_, '_> {
    fn call(&mut self, c: &ast::ExprCall) {
        // Most calls name nothing read below: decided from the callee's
        // last name, before its dotted text is built.
        let Some(method) = last_name(&c.func) else {
            return;
        };
        if !(matches!(
            method,
            "execute" | "executescript" | "executemany" | "exec_driver_sql" | "call_command"
        ) || self.wanted.reference_calls.iter().any(|r| r == method)
            || self.wanted.registry_calls.iter().any(|r| last(r) == method))
        {
            return;
        }
        let Some(callee) = dotted(&c.func) else {
            return;
        };
        debug_assert_eq!(method, last(&callee));
        if let Some(r) = node_ref(c, method, self.wanted.reference_calls) {
            self.facts.node_refs.push(r);
        }
        if self.wanted.registry_calls.iter().any(|r| {
            callee
                .strip_suffix(r.as_str())
                .is_some_and(|head| head.is_empty() || head.ends_with('.'))
        }) && let Some(first) = c.arguments.args.first().and_then(dotted)
        {
            self.facts.registry_calls.push(last(&first).to_string());
        }
        if matches!(
            method,
            "execute" | "executescript" | "executemany" | "exec_driver_sql"
        ) && let Some(first) = c.arguments.args.first()
        {
            self.runtime_ddl(first, &callee);
        }
        // Django: `call_command("migrate", run_syncdb=True)` or "--run-syncdb".
        // A function that builds a test database (Django's own
        // `create_test_db`) is test tooling.
        let in_test_helper = self.functions.iter().any(|f| f.contains("test"));
        if method == "call_command" && !in_test_helper {
            let syncdb = c
                .arguments
                .find_keyword("run_syncdb")
                .is_some_and(|k| is_true(&k.value))
                || c.arguments
                    .args
                    .iter()
                    .any(|a| string(a).as_deref() == Some("--run-syncdb"));
            if syncdb {
                self.facts
                    .create_all
                    .push((span(c), "migrate --run-syncdb".to_string()));
            }
        }
    }
}

impl Extractor<'_, '_> {
    /// `CREATE TABLE` statements in the SQL a driver call executes: a
    /// literal, an f-string's literal parts, `text("...")`, or a module
    /// constant.
    fn runtime_ddl(&mut self, sql_arg: &Expr, callee: &str) {
        let sql_arg = match sql_arg {
            Expr::Call(t) if dotted(&t.func).is_some_and(|f| last(&f) == "text") => {
                match t.arguments.args.first() {
                    Some(a) => a,
                    None => return,
                }
            }
            other => other,
        };
        let (text, at) = match sql_arg {
            Expr::Name(n) => match self.constants.iter().find(|(k, _, _)| k == n.id.as_str()) {
                // The finding sits on the call: that is what runs it.
                Some((_, text, _)) => (text.clone(), span(sql_arg)),
                None => return,
            },
            other => match literal_text(other) {
                Some(text) => (text, span(other)),
                None => return,
            },
        };
        self.facts.runtime_drops.extend(
            statement_tables(&text, "drop")
                .into_iter()
                .map(|t| t.to_ascii_lowercase()),
        );
        for table in created_tables(&text) {
            self.facts.runtime_ddl.push(RuntimeDdl {
                span: at.clone(),
                table,
                call: callee.trim_end_matches("()").to_string(),
            });
        }
    }
}

/// The text of a string literal, or an f-string's literal parts with each
/// placeholder as `{}`.
fn literal_text(e: &Expr) -> Option<String> {
    match e {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        Expr::FString(f) => {
            let mut out = String::new();
            for part in f.value.iter() {
                match part {
                    ast::FStringPart::Literal(l) => out.push_str(&l.value),
                    ast::FStringPart::FString(fs) => {
                        for el in fs.elements.iter() {
                            match el {
                                ast::InterpolatedStringElement::Literal(l) => {
                                    out.push_str(&l.value)
                                }
                                ast::InterpolatedStringElement::Interpolation(_) => {
                                    out.push_str("{}")
                                }
                            }
                        }
                    }
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// Tables a SQL text creates: each `CREATE [TEMP] TABLE [IF NOT EXISTS]
/// name` (any case; `{}` for a name built at runtime). Temporary tables
/// are scratch space, not schema.
fn created_tables(sql: &str) -> Vec<String> {
    statement_tables(sql, "create")
}

/// Tables of each `<verb> TABLE [IF [NOT] EXISTS] name` in a SQL text
/// (`verb`: `create` skips temporary tables).
fn statement_tables(sql: &str, verb: &str) -> Vec<String> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !w.eq_ignore_ascii_case(verb) {
            continue;
        }
        let mut j = i + 1;
        let Some(next) = words.get(j) else { break };
        if next.eq_ignore_ascii_case("temp") || next.eq_ignore_ascii_case("temporary") {
            continue;
        }
        if !next.eq_ignore_ascii_case("table") {
            continue;
        }
        j += 1;
        if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("if")) {
            j += 1;
            if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("not")) {
                j += 1;
            }
            if words
                .get(j)
                .is_some_and(|w| w.eq_ignore_ascii_case("exists"))
            {
                j += 1;
            }
        }
        if let Some(name) = words.get(j) {
            let name: String = name
                .split('(')
                .next()
                .unwrap_or(name)
                .chars()
                .filter(|c| !matches!(c, '"' | '`' | '[' | ']' | ';'))
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// `add_node("CSVReaderNode", "reader", {...})`: a reference call with at
/// least two positional arguments whose first is a class-like string.
fn node_ref(c: &ast::ExprCall, method: &str, reference_calls: &[String]) -> Option<NodeRef> {
    if !reference_calls.iter().any(|r| r == method) || c.arguments.args.len() < 2 {
        return None;
    }
    let Some(Expr::StringLiteral(s)) = c.arguments.args.first() else {
        return None;
    };
    let name = s.value.to_str();
    if !is_class_like(name) {
        return None;
    }
    let node_args = c
        .arguments
        .args
        .iter()
        .enumerate()
        .filter(|(_, a)| is_node_expr(a, c.arguments.args.len()))
        .map(|(i, _)| i)
        .collect();
    Some(NodeRef {
        name: name.to_string(),
        span: span(s),
        node_args,
    })
}

/// The node references of a Python code block in documentation to nodes
/// the block imports, each with the module it imports the node from, their
/// spans moved by `base` (the block's offset in the document).
pub fn code_block_refs(
    code: &str,
    base: usize,
    reference_calls: &[String],
) -> Vec<(NodeRef, String)> {
    struct Refs<'r> {
        calls: &'r [String],
        out: Vec<NodeRef>,
    }
    impl<'a> Visitor<'a> for Refs<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(c) = expr
                && let Some(callee) = dotted(&c.func)
                && let Some(r) = node_ref(c, last(&callee), self.calls)
            {
                self.out.push(r);
            }
            walk_expr(self, expr);
        }
    }
    // Documentation snippets are often fragments: a block that does not
    // parse contributes nothing.
    let Ok(parsed) = crate::lang::python::parse(code) else {
        return Vec::new();
    };
    let mut refs = Refs {
        calls: reference_calls,
        out: Vec::new(),
    };
    let body = &parsed.syntax().body;
    refs.visit_body(body);
    // Snippets reuse generic names (`ProcessorNode`, `OutputNode`) for
    // nodes of their own, or import the SDK's: a snippet names the
    // repository's class only when it imports it, and says from where.
    let imported: Vec<(&str, String)> = body
        .iter()
        .filter_map(|s| match s {
            Stmt::ImportFrom(i) if i.level == 0 => Some(i),
            _ => None,
        })
        .flat_map(|i| {
            let module = i.module.as_ref().map_or("", |m| m.as_str()).to_string();
            i.names
                .iter()
                .map(move |a| (a.name.as_str(), module.clone()))
        })
        .collect();
    refs.out
        .into_iter()
        .filter_map(|mut r| {
            let module = imported.iter().find(|(n, _)| *n == r.name)?.1.clone();
            r.span = r.span.start + base..r.span.end + base;
            Some((r, module))
        })
        .collect()
}

/// A class or an instance as an argument: `SomeNode`, `nodes.SomeNode`,
/// `SomeNode(...)`; not a literal nor `dict(...)`. A lowercase variable
/// (`reader`) counts only as the last of `args` positional arguments: in
/// `add_node("PythonCodeNode", node_id, {...})` it is an id.
fn is_node_expr(e: &Expr, args: usize) -> bool {
    match e {
        Expr::Call(c) => dotted(&c.func).is_some_and(|f| f != "dict"),
        Expr::Name(_) | Expr::Attribute(_) => dotted(e)
            .is_some_and(|d| last(&d).starts_with(|c: char| c.is_ascii_uppercase()) || args == 2),
        _ => false,
    }
}

/// `CSVReaderNode`: an identifier starting with an uppercase letter.
fn is_class_like(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn column_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Call(c) => arg(&c.arguments, "name", Some(0)).and_then(string),
        other => string(other),
    }
}

fn batch_op(method: &str, table: &str, args: &ast::Arguments) -> Option<MigrationOp> {
    let table = table.to_ascii_lowercase();
    match method {
        "add_column" => Some(MigrationOp::AddColumn {
            table,
            column: column_name(arg(args, "column", Some(0))?)?.to_ascii_lowercase(),
        }),
        "drop_column" => Some(MigrationOp::DropColumn {
            table,
            column: string(arg(args, "column_name", Some(0))?)?.to_ascii_lowercase(),
        }),
        "alter_column" => {
            let to = string(args.find_keyword("new_column_name").map(|k| &k.value)?)?;
            Some(MigrationOp::RenameColumn {
                table,
                from: string(arg(args, "column_name", Some(0))?)?.to_ascii_lowercase(),
                to: to.to_ascii_lowercase(),
            })
        }
        _ => None,
    }
}

fn is_alembic_revision(rel: &str, text: &str) -> bool {
    (rel.contains("/versions/") || rel.starts_with("versions/"))
        && text.contains("down_revision")
        && text.contains("op.")
}

fn alembic_revision(module: &ast::ModModule, rel: &str, facts: &mut FileFacts) {
    let mut file = MigrationFile {
        tool: MigrationTool::Alembic,
        path: rel.to_string(),
        ..MigrationFile::default()
    };
    let mut upgrade: Option<&[Stmt]> = None;
    for stmt in &module.body {
        match stmt {
            Stmt::Assign(a) => {
                if let [Expr::Name(t)] = a.targets.as_slice() {
                    revision_var(t.id.as_str(), &a.value, &mut file);
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(t), Some(v)) = (&*a.target, &a.value) {
                    revision_var(t.id.as_str(), v, &mut file);
                }
            }
            Stmt::FunctionDef(f) if f.name.as_str() == "upgrade" => upgrade = Some(&f.body),
            _ => {}
        }
    }
    if let Some(body) = upgrade {
        let mut v = AlembicOps {
            ops: Vec::new(),
            batch_tables: Vec::new(),
            fallbacks: 0,
        };
        v.visit_body(body);
        file.ops = v.ops;
        file.fallback_statements = v.fallbacks;
    }
    facts.migrations.push(file);
}

fn revision_var(name: &str, value: &Expr, file: &mut MigrationFile) {
    match name {
        "revision" => file.revision = string(value),
        "down_revision" => {
            file.down_revisions = match value {
                Expr::Tuple(t) => t.elts.iter().filter_map(string).collect(),
                Expr::List(l) => l.elts.iter().filter_map(string).collect(),
                other => string(other).into_iter().collect(),
            }
        }
        _ => {}
    }
}

/// The operations of an Alembic `upgrade()`, in source order, including
/// batch mode (`with op.batch_alter_table("t") as b: b.add_column(...)`).
struct AlembicOps {
    ops: Vec<MigrationOp>,
    batch_tables: Vec<(String, String)>,
    fallbacks: usize,
}

impl<'a> Visitor<'a> for AlembicOps {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::With(w) = stmt {
            let n = self.batch_tables.len();
            for item in &w.items {
                if let (Expr::Call(c), Some(Expr::Name(var))) =
                    (&item.context_expr, item.optional_vars.as_deref())
                    && dotted(&c.func).is_some_and(|d| d.ends_with("batch_alter_table"))
                    && let Some(t) = arg(&c.arguments, "table_name", Some(0)).and_then(string)
                {
                    self.batch_tables.push((var.id.to_string(), t));
                }
            }
            walk_stmt(self, stmt);
            self.batch_tables.truncate(n);
        } else {
            walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(c) = expr
            && let Some(callee) = dotted(&c.func)
        {
            if let Some(method) = callee.strip_prefix("op.") {
                self.op(method, &c.arguments);
            } else if let Expr::Attribute(a) = &*c.func
                && let Expr::Name(recv) = &*a.value
            {
                let table = self
                    .batch_tables
                    .iter()
                    .rev()
                    .find(|(v, _)| *v == recv.id.as_str())
                    .map(|(_, t)| t.clone());
                if let Some(op) = table.and_then(|t| batch_op(a.attr.as_str(), &t, &c.arguments)) {
                    self.ops.push(op);
                }
            }
        }
        walk_expr(self, expr);
    }
}

impl AlembicOps {
    fn op(&mut self, method: &str, args: &ast::Arguments) {
        let lower = |s: String| s.to_ascii_lowercase();
        match method {
            "create_table" => {
                let Some(table) = arg(args, "table_name", Some(0)).and_then(string) else {
                    return;
                };
                let columns = args
                    .args
                    .iter()
                    .skip(1)
                    .filter_map(|a| match a {
                        Expr::Call(c) if dotted(&c.func).is_some_and(|d| last(&d) == "Column") => {
                            c.arguments.args.first().and_then(string).map(lower)
                        }
                        _ => None,
                    })
                    .collect();
                self.ops.push(MigrationOp::CreateTable {
                    table: lower(table),
                    columns: Some(columns),
                });
            }
            "add_column" => {
                let (Some(table), Some(column)) = (
                    arg(args, "table_name", Some(0)).and_then(string),
                    arg(args, "column", Some(1)).and_then(column_name),
                ) else {
                    return;
                };
                self.ops.push(MigrationOp::AddColumn {
                    table: lower(table),
                    column: lower(column),
                });
            }
            "drop_table" => {
                if let Some(table) = arg(args, "table_name", Some(0)).and_then(string) {
                    self.ops.push(MigrationOp::DropTable {
                        table: lower(table),
                    });
                }
            }
            "drop_column" => {
                if let (Some(table), Some(column)) = (
                    arg(args, "table_name", Some(0)).and_then(string),
                    arg(args, "column_name", Some(1)).and_then(string),
                ) {
                    self.ops.push(MigrationOp::DropColumn {
                        table: lower(table),
                        column: lower(column),
                    });
                }
            }
            "rename_table" => {
                if let (Some(from), Some(to)) = (
                    arg(args, "old_table_name", Some(0)).and_then(string),
                    arg(args, "new_table_name", Some(1)).and_then(string),
                ) {
                    self.ops.push(MigrationOp::RenameTable {
                        from: lower(from),
                        to: lower(to),
                    });
                }
            }
            "alter_column" => {
                if let (Some(table), Some(from), Some(to)) = (
                    arg(args, "table_name", Some(0)).and_then(string),
                    arg(args, "column_name", Some(1)).and_then(string),
                    args.find_keyword("new_column_name")
                        .and_then(|k| string(&k.value)),
                ) {
                    self.ops.push(MigrationOp::RenameColumn {
                        table: lower(table),
                        from: lower(from),
                        to: lower(to),
                    });
                }
            }
            "execute" => {
                if let Some(text) = arg(args, "sqltext", Some(0)).and_then(string) {
                    let (ops, fallbacks) = sql::operations(&text);
                    self.ops.extend(ops);
                    self.fallbacks += fallbacks;
                }
            }
            _ => {}
        }
    }
}

fn is_django_migration(rel: &str, text: &str) -> bool {
    rel.contains("migrations/")
        && text.contains("class Migration")
        && text.contains("migrations.")
        && text.contains("django")
}

/// The Django app a path belongs to: the folder holding `models.py`,
/// `models/` or `migrations/`.
pub fn django_app(rel: &str) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    let i = parts
        .iter()
        .rposition(|p| *p == "migrations" || *p == "models" || *p == "models.py")?;
    (i > 0).then(|| parts[i - 1].to_string())
}

/// A Django field's column: `db_column`, else the name, `_id` added for
/// `ForeignKey`/`OneToOneField`. `None` for fields without a column.
pub fn django_column(name: &str, callee: &str, db_column: Option<&str>) -> Option<String> {
    if matches!(
        callee,
        "ManyToManyField" | "GenericRelation" | "GenericForeignKey" | "ManyToManyRel"
    ) || !(callee.ends_with("Field") || callee == "ForeignKey" || callee == "ForeignObject")
    {
        return None;
    }
    if let Some(c) = db_column {
        return Some(c.to_ascii_lowercase());
    }
    let mut col = name.to_ascii_lowercase();
    if matches!(callee, "ForeignKey" | "OneToOneField" | "ParentalKey") {
        col.push_str("_id");
    }
    Some(col)
}

fn django_migration(module: &ast::ModModule, rel: &str, facts: &mut FileFacts) {
    let Some(app) = django_app(rel) else { return };
    let app = app.to_ascii_lowercase();
    let table = |model: &str| format!("{app}_{}", model.to_ascii_lowercase());
    let mut file = MigrationFile {
        tool: MigrationTool::Django,
        path: rel.to_string(),
        app: Some(app.clone()),
        ..MigrationFile::default()
    };
    let mut ops_list: Option<&Expr> = None;
    for stmt in &module.body {
        let Stmt::ClassDef(c) = stmt else { continue };
        if c.name.as_str() != "Migration" {
            continue;
        }
        for s in &c.body {
            if let Stmt::Assign(a) = s
                && let [Expr::Name(t)] = a.targets.as_slice()
                && t.id.as_str() == "operations"
            {
                ops_list = Some(&a.value);
            }
        }
    }
    let Some(Expr::List(list)) = ops_list else {
        facts.migrations.push(file);
        return;
    };
    for op in &list.elts {
        let Expr::Call(c) = op else { continue };
        let Some(callee) = dotted(&c.func) else {
            continue;
        };
        let a = &c.arguments;
        let s = |name: &str, pos: usize| arg(a, name, Some(pos)).and_then(string);
        match last(&callee) {
            "CreateModel" => {
                let Some(name) = s("name", 0) else { continue };
                let mut t = table(&name);
                if let Some(Expr::Dict(d)) = arg(a, "options", None) {
                    for item in &d.items {
                        if item.key.as_ref().and_then(string).as_deref() == Some("db_table")
                            && let Some(v) = string(&item.value)
                        {
                            t = v.to_ascii_lowercase();
                        }
                        if item.key.as_ref().and_then(string).as_deref() == Some("proxy")
                            && is_true(&item.value)
                        {
                            continue;
                        }
                    }
                }
                let mut columns = Vec::new();
                if let Some(Expr::List(fields)) = arg(a, "fields", Some(1)) {
                    for f in &fields.elts {
                        let Expr::Tuple(tuple) = f else { continue };
                        let (Some(fname), Some(Expr::Call(fc))) =
                            (tuple.elts.first().and_then(string), tuple.elts.get(1))
                        else {
                            continue;
                        };
                        let fcallee = dotted(&fc.func).unwrap_or_default();
                        let db_column = fc
                            .arguments
                            .find_keyword("db_column")
                            .and_then(|k| string(&k.value));
                        columns.extend(django_column(&fname, last(&fcallee), db_column.as_deref()));
                    }
                }
                file.ops.push(MigrationOp::CreateTable {
                    table: t.clone(),
                    columns: Some(columns),
                });
                file.django_models.push((name.to_ascii_lowercase(), t));
            }
            "AddField" => {
                let (Some(model), Some(name)) = (s("model_name", 0), s("name", 1)) else {
                    continue;
                };
                let Some(Expr::Call(fc)) = arg(a, "field", Some(2)) else {
                    continue;
                };
                let fcallee = dotted(&fc.func).unwrap_or_default();
                let db_column = fc
                    .arguments
                    .find_keyword("db_column")
                    .and_then(|k| string(&k.value));
                if let Some(column) = django_column(&name, last(&fcallee), db_column.as_deref()) {
                    file.ops.push(MigrationOp::AddColumn {
                        table: file.django_table(&model, &table(&model)),
                        column,
                    });
                }
            }
            "RemoveField" => {
                if let (Some(model), Some(name)) = (s("model_name", 0), s("name", 1)) {
                    let t = file.django_table(&model, &table(&model));
                    for column in [
                        name.to_ascii_lowercase(),
                        format!("{}_id", name.to_ascii_lowercase()),
                    ] {
                        file.ops.push(MigrationOp::DropColumn {
                            table: t.clone(),
                            column,
                        });
                    }
                }
            }
            "RenameField" => {
                if let (Some(model), Some(from), Some(to)) =
                    (s("model_name", 0), s("old_name", 1), s("new_name", 2))
                {
                    let t = file.django_table(&model, &table(&model));
                    for suffix in ["", "_id"] {
                        file.ops.push(MigrationOp::RenameColumn {
                            table: t.clone(),
                            from: format!("{}{suffix}", from.to_ascii_lowercase()),
                            to: format!("{}{suffix}", to.to_ascii_lowercase()),
                        });
                    }
                }
            }
            "DeleteModel" => {
                if let Some(name) = s("name", 0) {
                    file.ops.push(MigrationOp::DropTable {
                        table: file.django_table(&name, &table(&name)),
                    });
                }
            }
            "RenameModel" => {
                if let (Some(from), Some(to)) = (s("old_name", 0), s("new_name", 1)) {
                    file.ops.push(MigrationOp::RenameTable {
                        from: file.django_table(&from, &table(&from)),
                        to: table(&to),
                    });
                }
            }
            "AlterModelTable" => {
                if let (Some(name), Some(t)) = (s("name", 0), s("table", 1)) {
                    file.ops.push(MigrationOp::RenameTable {
                        from: file.django_table(&name, &table(&name)),
                        to: t.to_ascii_lowercase(),
                    });
                }
            }
            "RunSQL" => {
                if let Some(text) = s("sql", 0) {
                    let (ops, fallbacks) = sql::operations(&text);
                    file.ops.extend(ops);
                    file.fallback_statements += fallbacks;
                }
            }
            _ => {}
        }
    }
    facts.migrations.push(file);
}

#[cfg(test)]
mod runtime_ddl_tests {
    use super::{created_tables, statement_tables};

    #[test]
    fn reads_created_and_dropped_tables() {
        assert_eq!(
            created_tables(
                "create table if not exists \"orders\"(id int); CREATE TABLE `a`.b (x int)"
            ),
            ["orders", "a.b"]
        );
        assert!(created_tables("CREATE TEMP TABLE scratch (id int)").is_empty());
        assert!(created_tables("CREATE TEMPORARY TABLE scratch (id int)").is_empty());
        assert!(created_tables("CREATE INDEX ix ON orders (id)").is_empty());
        assert_eq!(
            statement_tables("DROP TABLE IF EXISTS probe", "drop"),
            ["probe"]
        );
        assert_eq!(
            created_tables("CREATE TABLE IF NOT EXISTS {} (id int)"),
            ["{}"]
        );
    }
}

//! The environment variables a file reads, from its parse: Python
//! `os.environ[...]`, `os.getenv(...)`, `environ.get(...)` and the calls of
//! env-reading libraries (`env.str("X")`, `decouple.config("X")`, click's
//! `envvar=`); JavaScript/TypeScript `process.env.X`, `process.env["X"]`,
//! `const { X } = process.env`, `import.meta.env.X`, `Deno.env.get("X")`;
//! Rust `std::env::var("X")`, `env!("X")`, `option_env!("X")`, clap's
//! `env = "X"`; compose `environment:` entries and `${X}` interpolation,
//! Dockerfile `ENV`/`ARG`, and `$X`/`${X}` references in shell scripts,
//! Makefiles, CI and other configuration files.

use oxc_ast::ast::{BindingPattern, Expression, StaticMemberExpression, VariableDeclarator};
use oxc_ast_visit::{Visit, walk};
use ruff_python_ast::visitor::{self as pyvisit, Visitor};
use ruff_python_ast::{Expr, Keyword};
use ruff_text_size::Ranged;

use super::Span;
use crate::lang::parsed::ParsedFile;
use crate::lang::python_imports::{ImportMap, dotted};
use crate::workspace::Language;

/// One read of an environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvRead {
    /// The variable; for a prefix read (`auto_envvar_prefix="APP"`,
    /// `env_prefix="APP_"`) the prefix, with `prefix` set.
    pub name: String,
    pub span: Span,
    pub prefix: bool,
}

fn is_var_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

pub fn collect(ctx: &ParsedFile) -> Vec<EnvRead> {
    let file = ctx.file;
    let text = file.text.as_str();
    match file.language {
        Language::Python if text.contains("env") || text.contains("config") => {
            ctx.python().map(python).unwrap_or_default()
        }
        Language::TypeScript if text.contains("env") => {
            let Some(program) = ctx.typescript() else {
                return Vec::new();
            };
            let mut v = Js::default();
            v.visit_program(program);
            v.out
        }
        Language::Rust if text.contains("env") => ctx.rust().map(rust).unwrap_or_default(),
        Language::Yaml => {
            let mut out = references(text);
            if text.contains("environment") {
                out.extend(compose_environment(text));
            }
            out
        }
        Language::Dockerfile => {
            let mut out = references(text);
            out.extend(dockerfile_declarations(text));
            out
        }
        Language::Markdown | Language::ReStructuredText | Language::Dotenv => Vec::new(),
        _ if super::facts::is_deploy_file(file) || file.language == Language::Ini => {
            references(text)
        }
        _ => Vec::new(),
    }
}

fn python(module: &ruff_python_ast::ModModule) -> Vec<EnvRead> {
    let imports = ImportMap::from_module(module);
    let mut v = Py {
        imports: &imports,
        out: Vec::new(),
    };
    v.visit_body(&module.body);
    v.out
}

struct Py<'a> {
    imports: &'a ImportMap,
    out: Vec<EnvRead>,
}

impl Py<'_> {
    fn push_str(&mut self, e: &Expr, prefix: bool) {
        match e {
            Expr::StringLiteral(s) => {
                let v = s.value.to_str();
                if is_var_name(v) {
                    let r = s.range();
                    self.out.push(EnvRead {
                        name: v.to_string(),
                        span: r.start().to_usize()..r.end().to_usize(),
                        prefix,
                    });
                }
            }
            Expr::List(l) => l.elts.iter().for_each(|e| self.push_str(e, prefix)),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.push_str(e, prefix)),
            _ => {}
        }
    }

    /// `os.environ` (or `environ` imported from os), by name.
    fn is_environ(&self, e: &Expr) -> bool {
        self.imports
            .resolve(e)
            .or_else(|| dotted(e))
            .is_some_and(|q| q == "os.environ" || q.ends_with(".environ") || q == "environ")
    }
}

impl<'a> Visitor<'a> for Py<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Subscript(s) if self.is_environ(&s.value) => self.push_str(&s.slice, false),
            // click's `context_settings={"auto_envvar_prefix": "APP"}`.
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(Expr::StringLiteral(k)) = &item.key
                        && matches!(k.value.to_str(), "auto_envvar_prefix" | "env_prefix")
                    {
                        self.push_str(&item.value, true);
                    }
                }
            }
            Expr::Compare(c) if c.comparators.iter().any(|e| self.is_environ(e)) => {
                self.push_str(&c.left, false);
            }
            Expr::Call(call) => {
                let callee = self
                    .imports
                    .resolve(&call.func)
                    .or_else(|| dotted(&call.func))
                    .unwrap_or_default();
                let last = callee.rsplit('.').next().unwrap_or("");
                let lower = callee.to_ascii_lowercase();
                // `os.getenv`, `os.environ.get`, `env.str`, `environs`,
                // `get_env`, `decouple.config`, `config("X", default=...)`.
                let reads = lower.contains("env")
                    || callee == "decouple.config"
                    || (last == "config" && callee.starts_with("decouple"));
                if reads && let Some(first) = call.arguments.args.first() {
                    self.push_str(first, false);
                }
                for Keyword { arg, value, .. } in call.arguments.keywords.iter() {
                    match arg.as_ref().map(|a| a.as_str()) {
                        Some("envvar" | "env" | "env_var" | "validation_alias" | "alias")
                            if lower.contains("option")
                                || lower.contains("argument")
                                || lower.contains("field")
                                || arg.as_ref().is_some_and(|a| a.as_str() != "alias") =>
                        {
                            self.push_str(value, false);
                        }
                        Some("auto_envvar_prefix" | "env_prefix") => self.push_str(value, true),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        pyvisit::walk_expr(self, expr);
    }

    fn visit_stmt(&mut self, stmt: &'a ruff_python_ast::Stmt) {
        // pydantic-settings: `model_config = SettingsConfigDict(env_prefix=...)`
        // is a call (above); `class Config: env_prefix = "APP_"` is this.
        if let ruff_python_ast::Stmt::Assign(a) = stmt
            && a.targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "env_prefix"))
        {
            self.push_str(&a.value, true);
        }
        pyvisit::walk_stmt(self, stmt);
    }
}

#[derive(Default)]
struct Js {
    out: Vec<EnvRead>,
}

/// `process.env`, `import.meta.env`, `Bun.env`, `Deno.env`.
fn is_env_object(e: &Expression) -> bool {
    match e {
        Expression::StaticMemberExpression(m) if m.property.name.as_str() == "env" => {
            match &m.object {
                Expression::Identifier(id) => {
                    matches!(id.name.as_str(), "process" | "Bun" | "Deno")
                }
                Expression::ImportMeta(_) => true,
                _ => false,
            }
        }
        _ => false,
    }
}

impl<'a> Visit<'a> for Js {
    fn visit_static_member_expression(&mut self, m: &StaticMemberExpression<'a>) {
        if is_env_object(&m.object) {
            let name = m.property.name.as_str();
            if is_var_name(name) {
                self.out.push(EnvRead {
                    name: name.to_string(),
                    span: m.property.span.start as usize..m.property.span.end as usize,
                    prefix: false,
                });
            }
        }
        walk::walk_static_member_expression(self, m);
    }

    fn visit_expression(&mut self, e: &Expression<'a>) {
        match e {
            Expression::ComputedMemberExpression(m) if is_env_object(&m.object) => {
                if let Expression::StringLiteral(s) = &m.expression
                    && is_var_name(s.value.as_str())
                {
                    self.out.push(EnvRead {
                        name: s.value.to_string(),
                        span: s.span.start as usize..s.span.end as usize,
                        prefix: false,
                    });
                }
                // `process.env[`APP_${key}`]`: every `APP_*` may be read.
                if let Expression::TemplateLiteral(t) = &m.expression
                    && let Some(q) = t.quasis.first()
                    && !t.expressions.is_empty()
                    && is_var_name(q.value.raw.as_str())
                {
                    self.out.push(EnvRead {
                        name: q.value.raw.to_string(),
                        span: t.span.start as usize..t.span.end as usize,
                        prefix: true,
                    });
                }
            }
            // `Deno.env.get("X")`
            Expression::CallExpression(c) => {
                if let Expression::StaticMemberExpression(m) = &c.callee
                    && m.property.name.as_str() == "get"
                    && is_env_object(&m.object)
                    && let Some(Expression::StringLiteral(s)) =
                        c.arguments.first().and_then(|a| a.as_expression())
                {
                    self.out.push(EnvRead {
                        name: s.value.to_string(),
                        span: s.span.start as usize..s.span.end as usize,
                        prefix: false,
                    });
                }
            }
            _ => {}
        }
        walk::walk_expression(self, e);
    }

    fn visit_variable_declarator(&mut self, d: &VariableDeclarator<'a>) {
        if let (BindingPattern::ObjectPattern(p), Some(init)) = (&d.id, &d.init)
            && is_env_object(init)
        {
            for prop in &p.properties {
                if let Some(name) = prop.key.static_name()
                    && is_var_name(&name)
                {
                    let s = oxc_span::GetSpan::span(&prop.key);
                    self.out.push(EnvRead {
                        name: name.to_string(),
                        span: s.start as usize..s.end as usize,
                        prefix: false,
                    });
                }
            }
        }
        walk::walk_variable_declarator(self, d);
    }
}

fn rust(file: &syn::File) -> Vec<EnvRead> {
    use syn::visit::Visit as _;
    let mut v = RustEnv::default();
    v.visit_file(file);
    v.out
}

#[derive(Default)]
struct RustEnv {
    out: Vec<EnvRead>,
}

impl RustEnv {
    fn push_lit(&mut self, lit: &syn::LitStr) {
        let v = lit.value();
        if is_var_name(&v) {
            let r = lit.span().byte_range();
            self.out.push(EnvRead {
                name: v,
                span: r,
                prefix: false,
            });
        }
    }

    /// `env = "X"` inside an attribute or macro's tokens (clap's
    /// `#[arg(env = "X")]`), and the first string of `env!`/`option_env!`.
    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        let mut prev: Vec<String> = Vec::new();
        for t in tokens {
            match t {
                proc_macro2::TokenTree::Group(g) => self.tokens(g.stream()),
                proc_macro2::TokenTree::Literal(l) => {
                    if prev.len() >= 2
                        && prev[prev.len() - 1] == "="
                        && prev[prev.len() - 2] == "env"
                        && let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string())
                    {
                        let v = s.value();
                        if is_var_name(&v) {
                            self.out.push(EnvRead {
                                name: v,
                                span: l.span().byte_range(),
                                prefix: false,
                            });
                        }
                    }
                    prev.push(l.to_string());
                }
                other => prev.push(other.to_string()),
            }
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for RustEnv {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*c.func {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let n = segs.len();
            let is_var = n >= 1 && matches!(segs[n - 1].as_str(), "var" | "var_os");
            let via_env = n >= 2 && segs[n - 2] == "env";
            if is_var
                && (via_env || n == 1)
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                })) = c.args.first()
            {
                self.push_lit(s);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        if matches!(name.as_deref(), Some("env" | "option_env")) {
            if let Ok(s) = m.parse_body_with(
                syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated,
            ) && let Some(first) = s.first()
            {
                self.push_lit(first);
            }
        } else {
            self.tokens(m.tokens.clone());
        }
        syn::visit::visit_macro(self, m);
    }

    fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
        if let syn::Meta::List(l) = &a.meta {
            self.tokens(l.tokens.clone());
        }
        syn::visit::visit_attribute(self, a);
    }
}

/// `$X`, `${X}`, `${X:-default}` references outside `#` comments.
fn references(text: &str) -> Vec<EnvRead> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = match line.trim_start().starts_with('#') {
            true => "",
            false => line,
        };
        let b = code.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'$' {
                let braced = b.get(i + 1) == Some(&b'{');
                let start = i + 1 + usize::from(braced);
                let mut end = start;
                while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                    end += 1;
                }
                let name = &code[start..end];
                // `${{ env.X }}` in GitHub Actions.
                let name = if braced && name.is_empty() && code[start..].starts_with("{ env.") {
                    let s = start + 6;
                    let mut e = s;
                    while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                        e += 1;
                    }
                    end = e;
                    &code[s..e]
                } else {
                    name
                };
                if is_var_name(name) {
                    out.push(EnvRead {
                        name: name.to_string(),
                        span: offset + end - name.len()..offset + end,
                        prefix: false,
                    });
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        offset += line.len();
    }
    out
}

/// Compose `environment:` entries: keys of a mapping (`X: value`) or the
/// names of a list (`- X=value`, `- X`), anywhere under `services`.
fn compose_environment(text: &str) -> Vec<EnvRead> {
    let Ok(doc) = serde_saphyr::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let Some(services) = doc.get("services").and_then(|s| s.as_object()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for svc in services.values() {
        match svc.get("environment") {
            Some(serde_json::Value::Object(m)) => names.extend(m.keys().cloned()),
            Some(serde_json::Value::Array(a)) => names.extend(a.iter().filter_map(|v| {
                let s = v.as_str()?;
                Some(s.split('=').next()?.trim().to_string())
            })),
            _ => {}
        }
    }
    names.retain(|n| is_var_name(n));
    names.sort();
    names.dedup();
    // Placed at the first line that names the variable as a key or entry.
    names
        .into_iter()
        .map(|n| {
            let at = text
                .match_indices(n.as_str())
                .map(|(i, _)| i)
                .find(|&i| {
                    let after = text[i + n.len()..].chars().next();
                    matches!(after, Some(':' | '=' | '\n' | '"' | '\''))
                })
                .unwrap_or(0);
            EnvRead {
                span: at..at + n.len(),
                name: n,
                prefix: false,
            }
        })
        .collect()
}

/// Dockerfile `ENV X=...`, `ENV X value`, `ARG X`.
fn dockerfile_declarations(text: &str) -> Vec<EnvRead> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let lead = line.len() - t.len();
        let upper = t.get(..4).map(str::to_ascii_uppercase);
        if matches!(upper.as_deref(), Some("ENV " | "ARG ")) {
            let arg = upper.as_deref() == Some("ARG ");
            let rest = &t[4..];
            let mut from = 0;
            for (n, part) in rest.split_whitespace().enumerate() {
                let at = from + rest[from..].find(part).unwrap_or(0);
                from = at + part.len();
                let name = part.split('=').next().unwrap_or("");
                // `ENV X value` names one variable; `ENV X=1 Y=2` several.
                if !part.contains('=') && n > 0 {
                    break;
                }
                if is_var_name(name) {
                    let at = offset + lead + 4 + at;
                    out.push(EnvRead {
                        name: name.to_string(),
                        span: at..at + name.len(),
                        prefix: false,
                    });
                }
                if arg || !part.contains('=') {
                    break;
                }
            }
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parsed::ParsedFile;
    use crate::workspace::SourceFile;

    fn reads(path: &str, text: &str) -> Vec<String> {
        let f = SourceFile::for_test(path, text);
        let arena = crate::lang::typescript::Allocator::default();
        let p = ParsedFile::new(&f, &arena);
        let mut v: Vec<String> = collect(&p)
            .into_iter()
            .map(|r| {
                assert_eq!(&text[r.span.clone()].trim_matches(['"', '\'']), &r.name);
                if r.prefix {
                    format!("{}*", r.name)
                } else {
                    r.name
                }
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn python_reads() {
        let src = "import os\nfrom os import environ, getenv\nimport click\nA = os.environ['A']\nB = os.getenv('B', 'x')\nC = environ.get(\"C\")\nif 'D' in os.environ: pass\n@click.option('--x', envvar='E')\ndef f(x): pass\nkey = 'NOT_READ'\n";
        assert_eq!(reads("app.py", src), ["A", "B", "C", "D", "E"]);
    }

    #[test]
    fn js_and_rust_reads() {
        let js = "const a = process.env.A_URL;\nconst b = process.env['B'];\nconst { C, D: d } = process.env;\nconst e = import.meta.env.VITE_E;\nconst x = other.env.X;\n";
        assert_eq!(reads("a.ts", js), ["A_URL", "B", "C", "D", "VITE_E"]);
        let rs = "fn main() { let a = std::env::var(\"A\"); let b = env::var_os(\"B\"); let c = env!(\"C\"); }\n#[derive(Parser)]\nstruct Cli { #[arg(long, env = \"D\")] d: String }\n";
        assert_eq!(reads("src/main.rs", rs), ["A", "B", "C", "D"]);
    }

    #[test]
    fn compose_docker_and_shell() {
        let compose = "services:\n  web:\n    image: x\n    environment:\n      DATABASE_URL: ${DB_URL:-x}\n      - bad\n";
        assert_eq!(
            reads("docker-compose.yml", compose),
            ["DB_URL"],
            "invalid YAML: only interpolation"
        );
        let compose = "services:\n  web:\n    image: x\n    environment:\n      DATABASE_URL: ${DB_URL:-x}\n  worker:\n    environment:\n      - QUEUE=1\n";
        assert_eq!(
            reads("docker-compose.yml", compose),
            ["DATABASE_URL", "DB_URL", "QUEUE"]
        );
        let docker = "FROM x\nARG VERSION\nENV PORT=8080 HOST=0.0.0.0\nENV MODE prod\n";
        assert_eq!(
            reads("Dockerfile", docker),
            ["HOST", "MODE", "PORT", "VERSION"]
        );
        let sh = "#!/bin/sh\n# $COMMENT\necho \"$GREETING ${NAME:-x}\"\n";
        assert_eq!(reads("run.sh", sh), ["GREETING", "NAME"]);
    }
}

//! TypeORM: `@Entity()` classes and their `@Column`s, `synchronize: true`,
//! and migrations whose `queryRunner.query(...)` SQL candor can read.

use oxc_ast::ast::{
    Argument, Class, ClassElement, Declaration, Decorator, ExportDefaultDeclarationKind,
    Expression, ObjectPropertyKind, Program, Statement,
};
use regex::Regex;
use std::sync::LazyLock;

use super::{ColumnFact, FileFacts, MigrationFile, MigrationTool, ModelFact, Orm, sql};

const COLUMN_DECORATORS: &[&str] = &[
    "Column",
    "PrimaryColumn",
    "PrimaryGeneratedColumn",
    "CreateDateColumn",
    "UpdateDateColumn",
    "DeleteDateColumn",
    "VersionColumn",
];

pub fn collect(program: &Program, text: &str, rel: &str, facts: &mut FileFacts) {
    for stmt in &program.body {
        let class = match stmt {
            Statement::ClassDeclaration(c) => Some(&**c),
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::ClassDeclaration(c) => Some(&**c),
                _ => None,
            },
            Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                ExportDefaultDeclarationKind::ClassDeclaration(c) => Some(&**c),
                _ => None,
            },
            _ => None,
        };
        if let Some(model) = class.and_then(entity) {
            facts.models.push(model);
        }
    }
    if !facts.is_test {
        synchronize(program, text, facts);
    }
    if text.contains("MigrationInterface") {
        let mut file = MigrationFile {
            tool: MigrationTool::Sql,
            path: rel.to_string(),
            ..MigrationFile::default()
        };
        for caps in QUERY.captures_iter(text) {
            let body = caps.get(1).or_else(|| caps.get(2)).or_else(|| caps.get(3));
            if let Some(body) = body {
                let (ops, fallbacks) = sql::operations(&body.as_str().replace("\\\"", "\""));
                file.ops.extend(ops);
                file.fallback_statements += fallbacks;
            }
        }
        // The Table API (`queryRunner.createTable(new Table({...}))`) is not
        // read: what it creates is unknown.
        if text.contains("new Table(") || text.contains("new TableColumn(") {
            file.tool = MigrationTool::Opaque;
            file.mentions = super::identifier_words(text);
        }
        facts.migrations.push(file);
    }
}

static QUERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)\.query\(\s*(?:`([^`]*)`|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"#)
        .expect("valid regex")
});

static SYNC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bsynchronize\s*:\s*true\b").expect("valid regex"));

fn synchronize(program: &Program, text: &str, facts: &mut FileFacts) {
    for m in SYNC.find_iter(text) {
        let in_comment = program
            .comments
            .iter()
            .any(|c| (c.span.start as usize) <= m.start() && m.end() <= c.span.end as usize);
        if !in_comment {
            facts
                .create_all
                .push((m.range(), "TypeORM synchronize: true".into()));
        }
    }
}

fn decorator_call<'a>(
    d: &'a Decorator<'a>,
) -> Option<(&'a str, &'a oxc_allocator::Vec<'a, Argument<'a>>)> {
    match &d.expression {
        Expression::CallExpression(call) => match &call.callee {
            Expression::Identifier(id) => Some((id.name.as_str(), &call.arguments)),
            _ => None,
        },
        _ => None,
    }
}

/// The `name` of an options object, or a leading string argument.
fn name_option(args: &[Argument], string_first: bool) -> Option<String> {
    for (i, a) in args.iter().enumerate() {
        match a {
            Argument::StringLiteral(s) if string_first && i == 0 => {
                return Some(s.value.to_string());
            }
            Argument::ObjectExpression(obj) => {
                for p in &obj.properties {
                    if let ObjectPropertyKind::ObjectProperty(p) = p
                        && p.key.static_name().as_deref() == Some("name")
                        && let Expression::StringLiteral(s) = &p.value
                    {
                        return Some(s.value.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn entity(class: &Class) -> Option<ModelFact> {
    let id = class.id.as_ref()?;
    let (_, args) = class
        .decorators
        .iter()
        .filter_map(decorator_call)
        .find(|(n, _)| *n == "Entity")?;
    let table = name_option(args, true).unwrap_or_else(|| snake_case(id.name.as_str()));
    let mut columns = Vec::new();
    for el in &class.body.body {
        let ClassElement::PropertyDefinition(p) = el else {
            continue;
        };
        let Some(name) = p.key.static_name() else {
            continue;
        };
        let Some((_, args)) = p
            .decorators
            .iter()
            .filter_map(decorator_call)
            .find(|(n, _)| COLUMN_DECORATORS.contains(n))
        else {
            continue;
        };
        // `@Column("varchar", { name: "x" })`: the leading string is a type.
        let column = name_option(args, false).unwrap_or_else(|| name.to_string());
        let span = p.key.span();
        columns.push(ColumnFact {
            name: name.to_string(),
            column,
            span: span.start as usize..span.end as usize,
        });
    }
    Some(ModelFact {
        name: id.name.to_string(),
        span: id.span.start as usize..id.span.end as usize,
        table,
        orm: Orm::TypeOrm,
        columns,
        columns_known: true,
    })
}

/// TypeORM's default naming strategy: `OrderItem` → `order_item`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if i > 0 && (prev_lower || (next_lower && chars[i - 1].is_uppercase())) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

trait SpanOf {
    fn span(&self) -> oxc_span::Span;
}

impl SpanOf for oxc_ast::ast::PropertyKey<'_> {
    fn span(&self) -> oxc_span::Span {
        use oxc_span::GetSpan;
        GetSpan::span(self)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake() {
        assert_eq!(super::snake_case("OrderItem"), "order_item");
        assert_eq!(super::snake_case("HTTPLog"), "http_log");
        assert_eq!(super::snake_case("User"), "user");
    }
}

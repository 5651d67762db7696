//! TypeScript and JavaScript (with JSX), with oxc's parser.

pub use oxc_allocator::Allocator;
pub use oxc_ast::ast;
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Parses `text` (dialect from `path`'s extension) into `alloc`; `Err`
/// holds the first syntax error (byte offset, message), or where the file is
/// nested too deep to parse safely.
pub fn parse<'a>(
    alloc: &'a Allocator,
    path: &str,
    text: &'a str,
) -> Result<ast::Program<'a>, (usize, String)> {
    super::nesting::check(super::lexical::Syntax::CLike { backtick: true }, text)
        .map_err(|e| (e.offset, e.message))?;
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::tsx());
    let ret = Parser::new(alloc, text, source_type).parse();
    if ret.panicked || !ret.diagnostics.is_empty() {
        let first = ret.diagnostics.iter().next();
        let offset = first
            .and_then(|d| d.labels.as_ref().first())
            .map_or(0, |l| l.offset() as usize);
        let msg = first.map_or_else(|| "cannot parse".to_string(), |d| d.message.to_string());
        return Err((offset, msg));
    }
    Ok(ret.program)
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_ts_and_reports_errors() {
        let alloc = super::Allocator::default();
        let p = super::parse(&alloc, "a.ts", "const x: number = 1;\nexport class A {}\n").unwrap();
        assert_eq!(p.body.len(), 2);
        assert!(super::parse(&alloc, "b.ts", "const = ;").is_err());
    }
}

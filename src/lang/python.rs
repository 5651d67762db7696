//! Python, with Astral's parser (the one ruff uses).

pub use ruff_python_ast as ast;
use ruff_python_parser::{Mode, ParseOptions, Parsed};

/// A parsed module, or the first syntax error (byte offset, message); a
/// file nested too deep to parse safely is an error too.
pub fn parse(text: &str) -> Result<Parsed<ast::ModModule>, (usize, String)> {
    super::nesting::check(super::lexical::Syntax::Python, text)
        .map_err(|e| (e.offset, e.message))?;
    let parsed = ruff_python_parser::parse_unchecked(text, ParseOptions::from(Mode::Module));
    if let Some(err) = parsed.errors().first() {
        return Err((err.location.start().to_usize(), err.error.to_string()));
    }
    match parsed.try_into_module() {
        Some(module) => Ok(module),
        None => Err((0, "not a module".into())),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_and_reports_errors() {
        assert!(super::parse("import os\nclass A(B):\n    pass\n").is_ok());
        let (offset, msg) = super::parse("x = 1\ndef f(:\n").unwrap_err();
        assert_eq!(offset, 12);
        assert!(!msg.is_empty());
    }
}

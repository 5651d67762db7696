//! Rust, with syn.

/// A parsed file, or the first syntax error (1-based line, 0-based
/// column, message); a file nested too deep to parse safely is an error too.
pub fn parse(text: &str) -> Result<syn::File, (usize, usize, String)> {
    if let Err(e) = super::nesting::check(super::lexical::Syntax::Rust, text) {
        let before = crate::text::slice(text, 0..e.offset);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + 1;
        return Err((line, before[line_start..].chars().count(), e.message));
    }
    syn::parse_file(text).map_err(|e| {
        let start = e.span().start();
        (start.line, start.column, e.to_string())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_and_reports_errors() {
        assert!(super::parse("#[automock]\ntrait T { fn f(&self); }\n").is_ok());
        let Err((line, _, _)) = super::parse("fn main() {\n  let = ;\n}\n") else {
            panic!("must fail")
        };
        assert_eq!(line, 2);
    }
}

//! The parse-once cache: one [`ParsedFile`] per file per scan. Each parser
//! runs at most once, on first use; the index's fact extractors and every
//! rule read the same tree.

use std::cell::{Cell, OnceCell, RefCell};

use crate::diagnostic::Diagnostic;
use crate::lang;
use crate::workspace::{Language, SourceFile};

/// One file and its parsed forms, filled on demand by the front-ends.
pub struct ParsedFile<'a> {
    pub file: &'a SourceFile,
    arena: &'a lang::typescript::Allocator,
    diagnostics: RefCell<Vec<Diagnostic>>,
    python: OnceCell<Option<ruff_python_parser::Parsed<lang::python::ast::ModModule>>>,
    typescript: OnceCell<Option<lang::typescript::ast::Program<'a>>>,
    rust: OnceCell<Option<syn::File>>,
    parses: Cell<u32>,
}

impl<'a> ParsedFile<'a> {
    /// `arena` holds the TypeScript tree; it must outlive the cache.
    pub fn new(file: &'a SourceFile, arena: &'a lang::typescript::Allocator) -> Self {
        Self {
            file,
            arena,
            diagnostics: RefCell::new(Vec::new()),
            python: OnceCell::new(),
            typescript: OnceCell::new(),
            rust: OnceCell::new(),
            parses: Cell::new(0),
        }
    }

    /// The Python module, if this is a Python file that parses. Parsed
    /// once; a syntax error becomes one diagnostic.
    pub fn python(&self) -> Option<&lang::python::ast::ModModule> {
        if self.file.language != Language::Python {
            return None;
        }
        self.python
            .get_or_init(|| {
                self.parses.set(self.parses.get() + 1);
                match lang::python::parse(&self.file.text) {
                    Ok(parsed) => Some(parsed),
                    Err((offset, msg)) => {
                        self.parse_error(offset, &msg);
                        None
                    }
                }
            })
            .as_ref()
            .map(|p| p.syntax())
    }

    /// The Python module if a consumer already asked for it (`Some(None)`:
    /// it did not parse), without parsing; `None` when nobody did.
    pub fn python_if_parsed(&self) -> Option<Option<&lang::python::ast::ModModule>> {
        self.python.get().map(|p| p.as_ref().map(|p| p.syntax()))
    }

    /// The TypeScript/JavaScript program, if this is such a file and it
    /// parses. Parsed once.
    pub fn typescript(&self) -> Option<&lang::typescript::ast::Program<'a>> {
        if self.file.language != Language::TypeScript {
            return None;
        }
        self.typescript
            .get_or_init(|| {
                self.parses.set(self.parses.get() + 1);
                match lang::typescript::parse(self.arena, &self.file.rel, &self.file.text) {
                    Ok(p) => Some(p),
                    Err((offset, msg)) => {
                        self.parse_error(offset, &msg);
                        None
                    }
                }
            })
            .as_ref()
    }

    /// The Rust file, if this is a Rust file and it parses. Parsed once.
    pub fn rust(&self) -> Option<&syn::File> {
        if self.file.language != Language::Rust {
            return None;
        }
        self.rust
            .get_or_init(|| {
                self.parses.set(self.parses.get() + 1);
                match lang::rust::parse(&self.file.text) {
                    Ok(f) => Some(f),
                    Err((line, col, msg)) => {
                        self.diagnostic(format!(
                            "{line}:{}: syntax error: {msg}; file skipped by code rules",
                            col + 1
                        ));
                        None
                    }
                }
            })
            .as_ref()
    }

    /// How many parser runs this context has done (tests assert "once").
    pub fn parse_count(&self) -> u32 {
        self.parses.get()
    }

    fn parse_error(&self, offset: usize, msg: &str) {
        let (line, col) = self.file.line_index().position(&self.file.text, offset);
        self.diagnostic(format!(
            "{line}:{col}: syntax error: {msg}; file skipped by code rules"
        ));
    }

    /// Records that something in this file could not be analysed.
    pub fn diagnostic(&self, message: impl Into<String>) {
        self.diagnostics
            .borrow_mut()
            .push(Diagnostic::new(&self.file.path, message));
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics.into_inner()
    }
}

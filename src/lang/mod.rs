//! Language front-ends. Each parses a file at most once per scan (the
//! parse is cached in [`parsed::ParsedFile`]), and turns text into
//! structures rules read. No rule logic lives here.
//!
//! Parse errors are diagnostics for that file, never findings or panics;
//! rules then see no tree for the file and skip it.

pub use crate::lexical;
pub mod doc_elements;
pub mod markdown;
pub mod nesting;
pub mod parsed;
pub mod python;
pub mod python_imports;
pub mod rust;
pub mod typescript;

//! `candor/`: rules about candor's own configuration and suppressions.

use super::Rule;

mod unused_suppression;

pub use unused_suppression::UnusedSuppression;

pub static RULES: &[&dyn Rule] = &[&UnusedSuppression];

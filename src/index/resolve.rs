//! Name resolution across files: modules, imports, aliases, re-exports,
//! star imports; class bases and ancestors.

use rustc_hash::FxHashSet;

use super::{Index, MAX_DEPTH, Symbol};

impl Index {
    /// The repository file holding module `name`, seen from `from`: an
    /// exact module path first, else the one whose path shares most with
    /// the importing module (a `src/` layout, several packages).
    pub fn module(&self, name: &str, from: usize) -> Option<usize> {
        let candidates = self.modules.get(name)?;
        if let Some(&exact) = candidates
            .iter()
            .find(|&&c| self.files[c].module.as_deref() == Some(name))
        {
            return Some(exact);
        }
        let here = self.files[from].module.as_deref().unwrap_or("");
        candidates.iter().copied().max_by_key(|&c| {
            let m = self.files[c].module.as_deref().unwrap_or("");
            let common = m
                .split('.')
                .zip(here.split('.'))
                .take_while(|(a, b)| a == b)
                .count();
            (common, std::cmp::Reverse(c))
        })
    }

    /// Resolves a dotted name used in `file` (a base class, a decorator).
    pub fn resolve(&self, file: usize, dotted: &str) -> Option<Symbol> {
        self.resolve_in(file, dotted, None, 0)
    }

    /// Resolves the bases of a class (a base named like the class itself
    /// means the imported one: the class is not bound yet).
    pub fn bases(&self, file: usize, class: usize) -> Vec<Symbol> {
        let c = &self.files[file].classes[class];
        c.bases
            .iter()
            .filter_map(|b| self.resolve_in(file, b, Some(class), 0))
            .collect()
    }

    pub(super) fn resolve_in(
        &self,
        file: usize,
        dotted: &str,
        skip: Option<usize>,
        depth: usize,
    ) -> Option<Symbol> {
        if depth > MAX_DEPTH {
            return None;
        }
        let dotted = dotted.trim_end_matches("()");
        let Some((head, rest)) = dotted.split_once('.') else {
            return self.resolve_name(file, dotted, skip, depth);
        };
        let facts = &self.files[file];
        let scope = &self.scopes[file];
        // `module.Name` or `pkg.module.Name` through an import.
        if let Some(&i) = scope.imports.get(head) {
            let imp = &facts.imports[i];
            let base = match &imp.name {
                Some(n) => format!("{}.{n}", imp.module),
                None => imp.module.clone(),
            };
            let full = format!("{base}.{rest}");
            let (module, name) = full.rsplit_once('.').expect("has a dot");
            return Some(match self.module(module, file) {
                Some(f) => self
                    .resolve_name(f, name, None, depth + 1)
                    .unwrap_or_else(|| Symbol::External(full.clone())),
                None => Symbol::External(full),
            });
        }
        if let Some(&a) = scope.aliases.get(head) {
            let target = format!("{}.{rest}", facts.aliases[a].1);
            return self.resolve_in(file, &target, None, depth + 1);
        }
        Some(Symbol::External(dotted.to_string()))
    }

    pub(super) fn resolve_name(
        &self,
        file: usize,
        name: &str,
        skip: Option<usize>,
        depth: usize,
    ) -> Option<Symbol> {
        if depth > MAX_DEPTH {
            return None;
        }
        let facts = &self.files[file];
        let scope = &self.scopes[file];
        if let Some(&c) = scope.classes.get(name)
            && Some(c) != skip
        {
            return Some(Symbol::Class { file, class: c });
        }
        if let Some(&i) = scope.imports.get(name) {
            let imp = &facts.imports[i];
            let Some(member) = &imp.name else {
                return Some(Symbol::External(imp.module.clone()));
            };
            return Some(match self.module(&imp.module, file) {
                Some(f) if f != file || imp.module != facts.module.clone().unwrap_or_default() => {
                    self.resolve_name(f, member, None, depth + 1)
                        .unwrap_or_else(|| Symbol::External(format!("{}.{member}", imp.module)))
                }
                _ => Symbol::External(format!("{}.{member}", imp.module)),
            });
        }
        if let Some(&a) = scope.aliases.get(name) {
            let target = facts.aliases[a].1.clone();
            if target != name {
                return self.resolve_in(file, &target, None, depth + 1);
            }
        }
        let mut external = None;
        for star in &facts.star_imports {
            match self.module(star, file) {
                Some(f) if f == file => {}
                Some(f) => {
                    if let Some(s) = self.resolve_name(f, name, None, depth + 1) {
                        if matches!(s, Symbol::Class { .. }) {
                            return Some(s);
                        }
                        external.get_or_insert(s);
                    }
                }
                _ => {
                    external.get_or_insert_with(|| Symbol::External(format!("{star}.{name}")));
                }
            }
        }
        external
    }

    /// `module.Name` for any symbol.
    pub fn qualified(&self, s: &Symbol) -> String {
        match s {
            Symbol::Class { file, class } => format!(
                "{}.{}",
                self.files[*file].module.as_deref().unwrap_or(""),
                self.files[*file].classes[*class].name
            ),
            Symbol::External(d) => d.clone(),
        }
    }

    /// Whether some ancestor of the class satisfies `pred` (given the
    /// ancestor and its qualified name). Cycle-safe and depth-bounded.
    pub fn any_ancestor(
        &self,
        file: usize,
        class: usize,
        pred: &mut dyn FnMut(&Symbol, &str) -> bool,
    ) -> bool {
        let mut seen: FxHashSet<(usize, usize)> = FxHashSet::default();
        seen.insert((file, class));
        let mut stack = vec![(file, class, 0usize)];
        while let Some((f, c, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                continue;
            }
            for base in self.bases(f, c) {
                let q = self.qualified(&base);
                if pred(&base, &q) {
                    return true;
                }
                if let Symbol::Class { file, class } = base
                    && seen.insert((file, class))
                {
                    stack.push((file, class, depth + 1));
                }
            }
        }
        false
    }
}

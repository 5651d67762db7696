//! Shell command lines as CI steps, Makefile recipes, package.json scripts
//! and documentation code blocks write them: split into simple commands
//! (words, quotes removed), so evidence is the command a step runs, never
//! a word inside an `echo`, a comment or a step name.

/// One simple command: its words after environment assignments and
/// wrappers (`sudo`, `env`, `time`, `uv run`, `python -m`, ...) are
/// removed, and the 1-based line of the script it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
    pub line: usize,
}

impl Command {
    pub fn program(&self) -> &str {
        self.words.first().map_or("", String::as_str)
    }

    pub fn arg(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    /// The command as written (words joined by spaces), for evidence.
    pub fn display(&self) -> String {
        let s = self.words.join(" ");
        if s.chars().count() > 80 {
            let cut: String = s.chars().take(77).collect();
            format!("{cut}...")
        } else {
            s
        }
    }

    /// Whether the command does nothing: `echo`, `printf`, `true`, `:`,
    /// `exit`, `sleep`.
    pub fn is_noop(&self) -> bool {
        matches!(
            self.program(),
            "echo" | "printf" | "true" | ":" | "exit" | "sleep" | "false" | "cat"
        )
    }
}

/// Splits a script into simple commands. Comments (`# ...` outside
/// quotes), here-doc bodies and quoting are handled as a POSIX shell
/// would, well enough for CI steps; `$(...)` substitutions are left as
/// words of the command that contains them.
pub fn commands(script: &str) -> Vec<Command> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut line = 1usize;
    let mut start_line = 1usize;
    let mut chars = script.chars().peekable();
    let flush_word = |word: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    let finish = |words: &mut Vec<String>, out: &mut Vec<Command>, start_line: usize| {
        if !words.is_empty() {
            let ws = std::mem::take(words);
            if let Some(c) = normalize(ws, start_line) {
                out.push(c);
            }
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                match chars.next() {
                    // A line continuation.
                    Some('\n') => line += 1,
                    Some(n) => {
                        if !in_word {
                            start_line = if words.is_empty() { line } else { start_line };
                        }
                        word.push(n);
                        in_word = true;
                    }
                    None => {}
                }
            }
            '\'' | '"' => {
                if words.is_empty() && !in_word {
                    start_line = line;
                }
                in_word = true;
                while let Some(q) = chars.next() {
                    if q == c {
                        break;
                    }
                    if q == '\n' {
                        line += 1;
                    }
                    if q == '\\' && c == '"' {
                        if let Some(n) = chars.next() {
                            word.push(n);
                        }
                        continue;
                    }
                    word.push(q);
                }
            }
            '$' if chars.peek().is_some_and(|n| matches!(n, '{' | '(')) => {
                // `${{ matrix.python }}`, `$(nproc)`: one word.
                if words.is_empty() && !in_word {
                    start_line = line;
                }
                in_word = true;
                word.push(c);
                let mut depth = 0i32;
                for n in chars.by_ref() {
                    word.push(n);
                    match n {
                        '{' | '(' => depth += 1,
                        '}' | ')' => depth -= 1,
                        '\n' => line += 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
            }
            '#' if !in_word => {
                // A comment runs to the end of the line.
                while chars.peek().is_some_and(|n| *n != '\n') {
                    chars.next();
                }
            }
            '\n' | ';' | '|' | '&' | '(' | ')' => {
                flush_word(&mut word, &mut in_word, &mut words);
                finish(&mut words, &mut out, start_line);
                if c == '\n' {
                    line += 1;
                }
            }
            c if c.is_whitespace() => flush_word(&mut word, &mut in_word, &mut words),
            c => {
                if words.is_empty() && !in_word {
                    start_line = line;
                }
                word.push(c);
                in_word = true;
            }
        }
    }
    flush_word(&mut word, &mut in_word, &mut words);
    finish(&mut words, &mut out, start_line);
    out
}

/// Drops environment assignments and wrappers that run another command.
fn normalize(mut w: Vec<String>, line: usize) -> Option<Command> {
    // `${PREFIX}coverage`, `${VENV}/bin/pytest` (encode's scripts): the
    // program is what follows the expansion.
    if let Some(program) = w.first().and_then(|f| after_expansion(f)) {
        w[0] = program;
    }
    loop {
        let first = w.first()?.as_str();
        let is_assignment = first.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_')
        });
        let drop =
            if is_assignment || first == "!" || first == "$" || first == "then" || first == "do" {
                1
            } else {
                match first {
                    "sudo" | "time" | "exec" | "nice" | "command" | "xvfb-run" | "npx" | "pnpx"
                    | "bunx" | "env" => {
                        // Wrapper flags (`xvfb-run -a`, `npx --yes`) go too.
                        1 + w[1..].iter().take_while(|a| a.starts_with('-')).count()
                    }
                    "timeout" => 2,
                    "uv" | "poetry" | "pipenv" | "pdm" | "rye" | "hatch"
                        if w.get(1).is_some_and(|a| a == "run") =>
                    {
                        let mut n = 2;
                        // `hatch run test:cov`, `uv run --with x pytest`.
                        while w.get(n).is_some_and(|a| a.starts_with('-')) {
                            n += if matches!(
                                w[n].as_str(),
                                "--with" | "--extra" | "--group" | "-p" | "--python"
                            ) {
                                2
                            } else {
                                1
                            };
                        }
                        n
                    }
                    "pnpm" | "yarn" if w.get(1).is_some_and(|a| a == "exec" || a == "dlx") => 2,
                    "coverage" if w.get(1).is_some_and(|a| a == "run") => {
                        // `coverage run -m pytest`: keep it whole, the coverage
                        // reader needs it; the runner reader skips `-m`.
                        0
                    }
                    p if is_python(p) => {
                        // `python -W error -m pytest`: find `-m`.
                        match w.iter().position(|a| a == "-m") {
                            Some(i)
                                if w[1..i].iter().all(|a| a.starts_with('-') || a.len() <= 8) =>
                            {
                                i + 1
                            }
                            _ => 0,
                        }
                    }
                    _ => 0,
                }
            };
        if drop == 0 {
            break;
        }
        if drop >= w.len() {
            return None;
        }
        w.drain(..drop);
    }
    Some(Command { words: w, line })
}

/// The program in a word that starts with a `${NAME}` expansion: the rest,
/// or its last path segment (`None`: no such expansion, or nothing after).
fn after_expansion(word: &str) -> Option<String> {
    let inner = word.strip_prefix("${")?;
    let (name, rest) = inner.split_once('}')?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let program = rest.rsplit('/').next().unwrap_or(rest);
    (!program.is_empty()).then(|| program.to_string())
}

pub fn is_python(p: &str) -> bool {
    let p = p.rsplit('/').next().unwrap_or(p);
    p == "python"
        || p == "py"
        || p.strip_prefix("python")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progs(s: &str) -> Vec<String> {
        commands(s).into_iter().map(|c| c.words.join(" ")).collect()
    }

    #[test]
    fn echo_arguments_and_comments_are_not_commands() {
        assert_eq!(
            progs("echo \"pytest && cargo test\""),
            ["echo pytest && cargo test"]
        );
        assert_eq!(progs("# pytest\ntrue"), ["true"]);
        assert_eq!(progs("ruff check . # then pytest"), ["ruff check ."]);
    }

    #[test]
    fn a_program_after_a_path_variable_is_the_program() {
        assert_eq!(
            progs("${PREFIX}coverage run -m pytest\n${VENV}/bin/pytest -q"),
            ["coverage run -m pytest", "pytest -q"]
        );
        // Not a prefix: the whole word is an expansion, or a CI expression.
        assert_eq!(progs("${RUNNER} test"), ["${RUNNER} test"]);
        assert_eq!(progs("${{ matrix.cmd }} x"), ["${{ matrix.cmd }} x"]);
    }

    #[test]
    fn operators_split_commands() {
        assert_eq!(
            progs("pip install -e . && pytest -q || exit 1; make test | tee log"),
            [
                "pip install -e .",
                "pytest -q",
                "exit 1",
                "make test",
                "tee log"
            ]
        );
        assert_eq!(
            progs("cd a \\\n  && go test ./..."),
            ["cd a", "go test ./..."]
        );
    }

    #[test]
    fn wrappers_are_removed() {
        assert_eq!(progs("CI=1 sudo -E uv run pytest"), ["pytest"]);
        assert_eq!(progs("python3 -W error -m pytest tests"), ["pytest tests"]);
        assert_eq!(progs("poetry run python -m unittest"), ["unittest"]);
        assert_eq!(progs("npx --yes jest --ci"), ["jest --ci"]);
        assert_eq!(progs("python manage.py test"), ["python manage.py test"]);
    }

    #[test]
    fn lines_are_counted() {
        let c = commands("set -e\n\npytest\n");
        assert_eq!(c[1].line, 3);
    }
}

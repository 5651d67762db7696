//! What a file is written in, decided from its name.

use serde::Serialize;

/// What a file is written in, decided from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    Python,
    /// TypeScript and JavaScript, with or without JSX.
    TypeScript,
    Rust,
    Yaml,
    Toml,
    Json,
    Markdown,
    ReStructuredText,
    Sql,
    Prisma,
    Dotenv,
    Dockerfile,
    Ini,
    Other,
}

impl Language {
    pub fn detect(path: &str) -> Language {
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower.ends_with(".dockerfile")
            || lower == "containerfile"
        {
            return Language::Dockerfile;
        }
        if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
            return Language::Dotenv;
        }
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "py" | "pyi" => Language::Python,
            "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => Language::TypeScript,
            "rs" => Language::Rust,
            "yml" | "yaml" => Language::Yaml,
            "toml" => Language::Toml,
            "json" => Language::Json,
            "md" | "markdown" | "mdx" => Language::Markdown,
            "rst" => Language::ReStructuredText,
            "sql" => Language::Sql,
            "prisma" => Language::Prisma,
            "ini" | "cfg" | "conf" | "properties" => Language::Ini,
            _ => Language::Other,
        }
    }
}

use super::{engine::Kind, report};
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds high-entropy values assigned to credential-named keys in any
    /// file: `api_key = "..."`, `"client_secret": "..."`, `token: ...`,
    /// `password=...` (gitleaks' `generic-api-key` detector: the key names
    /// `access`, `api`, `auth`, `credential`, `creds`, `key`, `passwd`,
    /// `password`, `secret`, `token`; a value of 10–150 characters with
    /// Shannon entropy above 3.5 bits and at least one digit).
    ///
    /// Placeholders are not findings: `changeme`, `<your-key>`, `${VAR}`,
    /// `$VAR`, `{{ .Values.x }}`, `xxx…`, `example`, `dummy`, `test`,
    /// `password` alone, empty values, `***`, and references to other
    /// secrets (`secrets.X`, `vault:...`). Identifier-like values
    /// (`key_name`, `MonkeyPatch`) and about 1,400 common code words are
    /// allowed by the detector itself.
    ///
    /// ## Why is this bad?
    /// A credential in the source ships with every clone, fork and build
    /// artifact, and stays in git history after it is removed.
    ///
    /// ## Example
    /// ```python
    /// client_secret = "q8Vz3kT7mW2xN5pR9sL4"
    /// ```
    ///
    /// ## How to fix
    /// Rotate the credential, then read it at runtime:
    /// ```python
    /// client_secret = os.environ["CLIENT_SECRET"]
    /// ```
    pub struct GenericCredential {
        id: "secret/generic-credential",
        severity: Error,
        summary: "High-entropy credential assigned in the source",
    }
}

impl Rule for GenericCredential {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        report(
            ctx,
            &Self::META,
            Kind::Generic,
            out,
            |_| "High-entropy value assigned to a credential-named key".to_string(),
            "Rotate the credential and read it from the environment or a secret store",
        );
    }
}

use regex::Regex;
use std::sync::LazyLock;

use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds private keys committed to the repository: PEM blocks
    /// (`-----BEGIN RSA PRIVATE KEY-----`, `EC`, `DSA`, `ENCRYPTED`, PKCS#8
    /// `PRIVATE KEY`), OpenSSH keys (`-----BEGIN OPENSSH PRIVATE KEY-----`)
    /// and PGP private key blocks, including keys embedded in JSON or YAML
    /// strings with escaped newlines (a GCP service-account file).
    ///
    /// A block counts only when it holds key material: at least 64 base64
    /// characters of varied content between the `BEGIN` and `END` lines.
    /// Code that merely names the header (a PEM parser comparing lines
    /// against `-----BEGIN RSA PRIVATE KEY-----`) and placeholder bodies
    /// (`...`, `<your key here>`, `AAAA…`) and documentation examples whose
    /// middle is elided (`MIIEow...fvY4+te`) are not findings. Public keys and
    /// certificates are public by design and never findings.
    ///
    /// A key inside a Markdown code fence in the docs **is** a finding: a key
    /// pasted into documentation is as leaked as one in code, and example keys
    /// belong in generated test fixtures, not in committed text. Suppress a
    /// deliberate test key with `candor: ignore[secret/private-key]` on the
    /// `BEGIN` line or the line above it.
    ///
    /// The finding spans the whole block; every output shows only its first
    /// 4 characters and its length, never key material.
    ///
    /// ## Why is this bad?
    /// Anyone who can read the repository (every clone, fork, CI log and
    /// backup) can impersonate the key's owner: sign releases, decrypt
    /// traffic, log into servers. Removing the file later does not help; the
    /// key stays in git history and must be rotated.
    ///
    /// ## Example
    /// ```text
    /// deploy/id_ed25519:
    /// -----BEGIN OPENSSH PRIVATE KEY-----
    /// b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
    /// ...
    /// -----END OPENSSH PRIVATE KEY-----
    /// ```
    ///
    /// ## How to fix
    /// Rotate the key now (revoke it where it is trusted), delete the file,
    /// and load keys at runtime from a secret store or a CI secret
    /// (`${{ secrets.DEPLOY_KEY }}`). Purge it from history with
    /// `git filter-repo` if the repository is public.
    pub struct PrivateKey {
        id: "secret/private-key",
        severity: Error,
        summary: "Private key committed to the repository",
    }
}

/// gitleaks' shape: a BEGIN line naming a private key, at least 64 body
/// characters, an END line. `\\n` escapes count as line breaks (JSON).
static KEY_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----((?:[A-Za-z0-9+/=\s:,.\-_]|\\[nr]){64,}?)-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
    )
    .expect("valid regex")
});

impl Rule for PrivateKey {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        let text = &ctx.file.text;
        if !text.contains("PRIVATE KEY") {
            return;
        }
        for caps in KEY_BLOCK.captures_iter(text) {
            let (Some(whole), Some(kind), Some(body)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            if !has_key_material(body.as_str()) {
                continue;
            }
            let kind = kind
                .as_str()
                .trim_end_matches(" BLOCK")
                .replace("PRIVATE KEY", "private key");
            out.push(
                Finding::redacted(
                    Self::META.id,
                    Self::META.severity,
                    ctx.file,
                    whole.range(),
                    format!("{kind} committed to the repository"),
                )
                .with_fix("Rotate the key, delete it from the repository and load it from a secret store at runtime"),
            );
        }
    }
}

/// At least 64 base64 characters (ignoring PEM header lines such as
/// `Proc-Type:`), of varied content: a body of `AAAA…` or `xxxx` is a
/// placeholder.
fn has_key_material(body: &str) -> bool {
    // `MIIEow...fvY4+te`: documentation elides the middle of a key; what is
    // left cannot be used (AWS CLI's examples are full of these).
    if body.contains("...") {
        return false;
    }
    let body = body.replace("\\n", "\n").replace("\\r", "");
    let material: String = body
        .lines()
        .filter(|l| !l.contains(':'))
        .flat_map(|l| l.chars())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    if material.len() < 64 {
        return false;
    }
    let mut seen = [false; 128];
    for b in material.bytes() {
        seen[b as usize] = true;
    }
    seen.iter().filter(|s| **s).count() >= 16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::SourceFile;

    fn run(path: &str, text: &str) -> Vec<Finding> {
        let file = SourceFile::for_test(path, text);
        let settings = crate::rules::Settings::default();
        let arena = crate::lang::typescript::Allocator::default();
        let parsed = crate::lang::parsed::ParsedFile::new(&file, &arena);
        let ctx = FileContext::new(&parsed, &settings);
        let mut out = Vec::new();
        PrivateKey.check_file(&ctx, &mut out);
        out
    }

    const BODY: &str = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n";

    #[test]
    fn finds_pem_and_openssh_keys() {
        let pem = format!("-----BEGIN RSA PRIVATE KEY-----\n{BODY}-----END RSA PRIVATE KEY-----\n");
        let f = run("deploy/key.pem", &pem);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].line, f[0].column, f[0].end_line), (1, 1, 4));
        assert_eq!(f[0].message, "RSA private key committed to the repository");
        assert!(!f[0].snippet.text.contains("MIIE"));
        let ssh = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{BODY}-----END OPENSSH PRIVATE KEY-----\n"
        );
        assert_eq!(run("id_ed25519", &ssh).len(), 1);
    }

    #[test]
    fn finds_key_in_json_string() {
        let json = format!(
            "{{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{}\\n-----END PRIVATE KEY-----\\n\"}}",
            BODY.replace('\n', "\\n")
        );
        let f = run("sa.json", &json);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].column, 45);
    }

    #[test]
    fn ignores_public_keys_certificates_headers_and_placeholders() {
        let public = format!("-----BEGIN PUBLIC KEY-----\n{BODY}-----END PUBLIC KEY-----\n");
        let cert = format!("-----BEGIN CERTIFICATE-----\n{BODY}-----END CERTIFICATE-----\n");
        let header_only = "if line == '-----BEGIN RSA PRIVATE KEY-----':\n    start = True\nelif line == '-----END RSA PRIVATE KEY-----':\n    pass\n";
        let dots = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n";
        let aaaa = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            "A".repeat(128)
        );
        let elided = format!(
            "-----BEGIN RSA PRIVATE KEY-----\\n{}\\n...fvY4+te\\n-----END RSA PRIVATE KEY-----",
            &BODY[..70]
        );
        assert!(
            KEY_BLOCK.is_match(&elided),
            "the shape matches; only the elision clears it"
        );
        for text in [
            elided.as_str(),
            public.as_str(),
            cert.as_str(),
            header_only,
            dots,
            aaaa.as_str(),
        ] {
            assert!(run("x.txt", text).is_empty(), "{text}");
        }
    }
}

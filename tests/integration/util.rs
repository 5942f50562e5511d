//! Helpers: a throw-away vault folder and a way to run the real `amparo` binary against it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use amparo::vault::kdf::KdfChoice;
use amparo::{Unlock, Vault};
use secrecy::SecretString;
use serde_json::Value;

pub const PASSPHRASE: &str = "correct horse battery staple";

/// A temporary folder with a passphrase file and (after `init`) a vault in `vault/`.
pub struct Env {
    pub root: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let root = tempfile::tempdir().expect("tempdir");
        fs::write(root.path().join("pass"), format!("{PASSPHRASE}\n")).unwrap();
        Env { root }
    }

    /// A new env with an initialised vault; returns the recovery code too.
    pub fn with_vault() -> (Env, String) {
        let env = Env::new();
        let v = env.ok(&["init"]);
        let code = v["recovery_code"].as_str().expect("recovery_code").to_string();
        (env, code)
    }

    pub fn vault(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    /// The binary with the test KDF allowed and no ambient vault settings.
    pub fn bare_cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_amparo"));
        c.env("AMPARO_INSECURE_TEST_KDF", "1")
            .env_remove("AMPARO_VAULT")
            .env_remove("AMPARO_PASSPHRASE_FILE")
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .stdin(Stdio::null());
        c
    }

    /// The binary pointed at this env's vault and passphrase file, in JSON mode.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.bare_cmd();
        c.arg("--json").arg("--vault").arg(self.vault()).arg("--passphrase-file").arg(self.path("pass")).args(args);
        c
    }

    /// The binary unlocking with the recovery code in the file `code` (no passphrase file given).
    pub fn recovery_cmd(&self, args: &[&str]) -> Command {
        let mut c = self.bare_cmd();
        c.args(["--json", "--vault"]).arg(self.vault()).arg("--recovery-code-file").arg(self.path("code")).args(args);
        c
    }

    /// Run and expect success; parse the single JSON document on stdout.
    pub fn ok(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).output().unwrap();
        assert_success(&out, args);
        parse_one_json(&out.stdout)
    }

    /// Run and expect failure; return the error code from the JSON error document.
    pub fn err(&self, args: &[&str]) -> String {
        expect_error(self.cmd(args).output().unwrap())
    }

    pub fn id(&self, args: &[&str]) -> String {
        self.ok(args)["id"].as_str().expect("id").to_string()
    }

    /// A client with a case; returns (person id, case id).
    pub fn client_with_case(&self, name: &str) -> (String, String) {
        let p = self.id(&["person", "add", "--name", name]);
        let c = self.id(&["case", "add", "--client", &p, "--jurisdiction", "us-eoir", "--title", "Defensive asylum"]);
        (p, c)
    }

    /// Open the vault in this process (holds its lock until dropped).
    pub fn open(&self) -> Vault {
        Vault::open(&self.vault(), Unlock::Passphrase(&SecretString::from(PASSPHRASE))).expect("open vault")
    }
}

/// Create a vault in-process with the cheap test KDF.
pub fn create_in_process(dir: &Path) -> Vault {
    Vault::create(dir, &SecretString::from(PASSPHRASE), KdfChoice::InsecureForTests).expect("create").vault
}

pub fn assert_success(out: &Output, args: &[&str]) {
    assert!(
        out.status.success(),
        "amparo {args:?} failed: {}\nstdout: {}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// stdout must hold exactly one JSON document.
pub fn parse_one_json(stdout: &[u8]) -> Value {
    let mut stream = serde_json::Deserializer::from_slice(stdout).into_iter::<Value>();
    let first = stream.next().expect("a JSON document on stdout").expect("valid JSON");
    assert!(stream.next().is_none(), "more than one JSON document on stdout");
    first
}

/// A failed run: exit 1, one stderr line starting with "error:", no panic text, a JSON error code.
pub fn expect_error(out: Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "expected exit 1, stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one stderr line, got: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    let doc = parse_one_json(&out.stdout);
    doc["error"]["code"].as_str().expect("error code").to_string()
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

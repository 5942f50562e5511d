//! The importer's fuzz harness, shared by the cargo-fuzz target (`fuzz_targets/import_bundle.rs`,
//! nightly, run by hand) and the corpus replay test (`tests/integration/fuzz_corpus.rs`, stable,
//! run in CI), so every input the fuzzer ever kept is checked on every build (ADR 0007).
//!
//! One input drives two paths:
//! 1. the raw bytes as a decrypted bundle and as a decrypted backup, through the archive reader;
//! 2. the bytes as `[u16 LE manifest length][manifest][archive members...]`: the harness fills
//!    in the sender's keys and fingerprint words where the manifest has placeholders
//!    (`@SENDER_RECIPIENT@`, `@SENDER_KEY@`, `@SENDER_FINGERPRINT@`), signs it with a key the
//!    vault has as a verified contact, puts manifest, signature and the members
//!    into an archive, encrypts it to the vault and previews its import — so the fuzzer gets past
//!    the signature and into member checking, record parsing, planning and the (rolled-back)
//!    merge.
//!
//! Nothing here may panic on any input; a panic is the bug the fuzzer reports.

use std::io::{Read, Write};
use std::path::PathBuf;

use amparo::exchange::bundle::{Manifest, Member};
use amparo::exchange::minisign::{self, PublicKey};
use amparo::exchange::reader::{self, MemberKind, Profile, Visitor};
use amparo::vault::kdf::KdfChoice;
use amparo::Vault;
use ed25519_dalek::{Signer, SigningKey};

pub struct Harness {
    _dir: tempfile::TempDir,
    vault: Vault,
    signing: SigningKey,
    /// The vault's recipient (what inputs are encrypted to).
    recipient: String,
    /// Placeholders in a manifest and what they stand for: the sender's recipient, key and
    /// fingerprint words, which a seed cannot know in advance.
    placeholders: [(&'static [u8], String); 3],
    file: PathBuf,
}

const KEY_ID: [u8; 8] = *b"fuzzsign";

/// Accepts everything the reader hands over (the reader's own checks are what is fuzzed).
struct Drain(PublicKey);

impl Visitor for Drain {
    fn signer(&mut self, _: &Manifest) -> amparo::Result<PublicKey> {
        Ok(self.0.clone())
    }
    fn record(&mut self, _: &MemberKind, _: Vec<u8>) -> amparo::Result<()> {
        Ok(())
    }
    fn stream(&mut self, _: &MemberKind, _: &Member, data: &mut dyn Read) -> amparo::Result<()> {
        let mut sink = Vec::new();
        data.take(1 << 20).read_to_end(&mut sink).map(|_| ()).map_err(amparo::Error::io("read"))
    }
}

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let passphrase = secrecy::SecretString::from("fuzz harness passphrase");
        let mut vault = Vault::create(&dir.path().join("vault"), &passphrase, KdfChoice::InsecureForTests)
            .expect("create the vault")
            .vault;
        let signing = SigningKey::from_bytes(&[42u8; 32]);
        let key = PublicKey { key_id: KEY_ID, key: signing.verifying_key() };
        let sender_age = age::x25519::Identity::generate().to_public().to_string();
        let card = amparo::exchange::card::Card::new("Fuzz sender", &sender_age, &key).expect("card");
        let text = card.signed_text(&sign(&signing, card.body().as_bytes(), "amparo contact card"));
        vault.add_contact(&text, true).expect("add the sender");
        let recipient = vault.identity().expect("identity").age_recipient;
        let file = dir.path().join("input.age");
        let placeholders = [
            (&b"@SENDER_RECIPIENT@"[..], sender_age.clone()),
            (&b"@SENDER_KEY@"[..], key.to_base64()),
            (&b"@SENDER_FINGERPRINT@"[..], amparo::exchange::card::fingerprint(&sender_age, &key)),
        ];
        Harness { _dir: dir, vault, signing, recipient, placeholders, file }
    }

    fn public_key(&self) -> PublicKey {
        PublicKey { key_id: KEY_ID, key: self.signing.verifying_key() }
    }

    /// Run one input; returns whether the structured bundle previewed cleanly (the replay test
    /// checks the valid seeds do, so the harness is known to reach past the signature).
    pub fn run(&mut self, data: &[u8]) -> bool {
        let _ = reader::read(data, Profile::Bundle, &mut Drain(self.public_key()));
        let _ = reader::read(data, Profile::Backup, &mut Drain(self.public_key()));
        let _ = reader::read_manifest(data, Profile::Bundle);

        let Some((len, rest)) = data.split_first_chunk::<2>() else { return false };
        let len = usize::from(u16::from_le_bytes(*len)).min(rest.len());
        let (manifest, members) = rest.split_at(len);
        let manifest = self.fill_placeholders(manifest);
        let manifest = manifest.as_slice();
        let signature = sign(&self.signing, manifest, "amparo bundle v1");
        let mut archive = Vec::new();
        append(&mut archive, "manifest.json", manifest);
        append(&mut archive, "manifest.json.minisig", signature.as_bytes());
        archive.extend_from_slice(members);
        let recipient: age::x25519::Recipient = self.recipient.parse().expect("own recipient");
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).expect("encryptor");
        let mut encrypted = Vec::new();
        let mut w = encryptor.wrap_output(&mut encrypted).expect("age output");
        w.write_all(&archive).expect("encrypt");
        w.finish().expect("finish");
        std::fs::write(&self.file, &encrypted).expect("write the input");
        self.vault.preview_import(&self.file).is_ok()
    }
}

impl Harness {
    fn fill_placeholders(&self, manifest: &[u8]) -> Vec<u8> {
        let mut out = manifest.to_vec();
        for (placeholder, value) in &self.placeholders {
            while let Some(at) = out.windows(placeholder.len()).position(|w| w == *placeholder) {
                out.splice(at..at + placeholder.len(), value.bytes());
            }
        }
        out
    }
}

fn sign(key: &SigningKey, data: &[u8], comment: &str) -> String {
    let signature = key.sign(&minisign::prehash(data));
    let mut global = signature.to_bytes().to_vec();
    global.extend_from_slice(comment.as_bytes());
    minisign::signature_file(&KEY_ID, &signature, comment, &key.sign(&global))
}

/// One ustar member.
fn append(out: &mut Vec<u8>, name: &str, data: &[u8]) {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    let octal = |field: &mut [u8], v: u64| {
        let s = format!("{v:0w$o}", w = field.len() - 1);
        field[..s.len()].copy_from_slice(s.as_bytes());
    };
    octal(&mut h[100..108], 0o600);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], data.len() as u64);
    octal(&mut h[136..148], 0);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    octal(&mut h[148..155], sum);
    out.extend_from_slice(&h);
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
}

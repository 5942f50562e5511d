//! Identity and contacts: cards exchanged between two vaults, and interop with the reference
//! tools (Debian's `age` and `minisign`, installed by scripts/setup-system).

use std::fs;
use std::process::Command;

use crate::util::Env;

fn tool(name: &str) -> Command {
    let c = Command::new(name);
    assert!(
        Command::new("sh").args(["-c", &format!("command -v {name}")]).output().unwrap().status.success(),
        "{name} is not installed (scripts/setup-system installs it)"
    );
    c
}

#[test]
fn identity_keys_work_with_the_reference_age_and_minisign_tools() {
    let (env, _) = Env::with_vault();
    let id = env.ok(&["identity", "show"]);
    let recipient = id["age_recipient"].as_str().unwrap();
    let key = id["minisign_public_key"].as_str().unwrap();
    assert_eq!(id["fingerprint"].as_str().unwrap().split(' ').count(), 8);

    // `age` accepts the recipient.
    let out = tool("age").args(["-r", recipient, "-o"]).arg(env.path("x.age")).arg(env.path("pass")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // `minisign` verifies the card's signature with the vault's public key.
    let card_path = env.path("card.txt");
    env.ok(&["contact", "card", "--out", card_path.to_str().unwrap(), "--name", "Lic. Ana Ruiz"]);
    let card = fs::read_to_string(&card_path).unwrap();
    let end = card.find("-----END AMPARO CONTACT CARD-----\n").unwrap() + "-----END AMPARO CONTACT CARD-----\n".len();
    fs::write(env.path("body"), &card[..end]).unwrap();
    fs::write(env.path("body.minisig"), &card[end..]).unwrap();
    let out = tool("minisign").args(["-V", "-P", key, "-m"]).arg(env.path("body")).output().unwrap();
    assert!(out.status.success(), "minisign: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("amparo contact card"));
}

#[test]
fn two_vaults_exchange_cards_and_keep_each_other_as_contacts() {
    let (ana, _) = Env::with_vault();
    let (luis, _) = Env::with_vault();
    let card = ana.path("ana.card");
    ana.ok(&["contact", "card", "--out", card.to_str().unwrap(), "--name", "Lic. Ana Ruiz"]);
    assert_eq!(ana.err(&["contact", "card", "--out", card.to_str().unwrap()]), "invalid-input", "no overwrite");
    let id = luis.id(&["contact", "add", card.to_str().unwrap()]);
    let list = luis.ok(&["contact", "list"]);
    let c = &list["contacts"][0];
    assert_eq!((c["name"].as_str(), c["trust"].as_str()), (Some("Lic. Ana Ruiz"), Some("unverified")));
    assert_eq!(c["fingerprint"], ana.ok(&["identity", "show"])["fingerprint"], "the words Ana reads out");
    luis.ok(&["contact", "verify", &id]);
    assert_eq!(luis.ok(&["contact", "list"])["contacts"][0]["trust"], "verified");

    assert_eq!(luis.err(&["contact", "add", card.to_str().unwrap()]), "invalid-input", "already a contact");
    assert_eq!(ana.err(&["contact", "add", card.to_str().unwrap()]), "invalid-input", "own card");
    let text = fs::read_to_string(&card).unwrap();
    let tampered = luis.path("tampered.card");
    fs::write(&tampered, text.replace("Lic. Ana Ruiz", "Lic. Ana Ruíz")).unwrap();
    assert_eq!(luis.err(&["contact", "add", tampered.to_str().unwrap()]), "invalid-input", "name changed");
    let huge = luis.path("huge.card");
    fs::write(&huge, "A".repeat(1 << 20)).unwrap();
    assert_eq!(luis.err(&["contact", "add", huge.to_str().unwrap()]), "invalid-input");
    assert_eq!(luis.err(&["contact", "add", luis.path("missing").to_str().unwrap()]), "io");
    assert_eq!(luis.ok(&["contact", "list"])["contacts"].as_array().unwrap().len(), 1, "nothing else was added");
}

#[test]
fn a_vault_from_before_identities_gets_one_on_upgrade() {
    let Some((_tmp, v)) = crate::golden::open_copy() else { return };
    assert!(v.identity().unwrap().age_recipient.starts_with("age1"));
    assert!(v.verify_audit().unwrap().ok);
}

/// Our bundle read with the standard tools only: `age -d`, `tar x`, `minisign -V`; every member
/// matches the signed manifest, attachments byte for byte.
#[test]
fn a_bundle_opens_with_age_tar_and_minisign_alone() {
    let (env, _) = Env::with_vault();
    let (person, case) = env.client_with_case("Zyxwvut Canaryname");
    let other = env.id(&["case", "add", "--client", &person, "--jurisdiction", "us-uscis", "--title", "Other matter"]);
    env.ok(&["case", "event", "add", "--case", &case, "--kind", "ij-decision", "--date", "2026-11-25"]);
    env.ok(&["note", "add", "--case", &case, "--text", "Interview notes"]);
    let attachment = env.path("declaration.txt");
    fs::write(&attachment, b"declaration bytes\n").unwrap();
    let doc = env.id(&["doc", "add", "--case", &case, attachment.to_str().unwrap()]);

    let key = env.path("key.txt");
    assert!(tool("age-keygen").arg("-o").arg(&key).output().unwrap().status.success());
    let key_text = fs::read_to_string(&key).unwrap();
    let recipient = key_text.lines().find_map(|l| l.strip_prefix("# public key: ")).unwrap().to_string();
    let bundle = env.path("b.age");
    let s = env.ok(&["export", "--case", &case, "--to-recipient", &recipient, "--out", bundle.to_str().unwrap()]);
    assert_eq!(
        (s["cases"].as_u64(), s["people"].as_u64(), s["attachments"].as_u64(), s["sequence"].as_u64()),
        (Some(1), Some(1), Some(1), Some(1))
    );
    assert!(!fs::read(&bundle).unwrap().windows(7).any(|w| w == b"Zyxwvut"), "encrypted: no name in the file");

    let tar_file = env.path("b.tar");
    let out = tool("age").args(["-d", "-i"]).arg(&key).arg("-o").arg(&tar_file).arg(&bundle).output().unwrap();
    assert!(out.status.success(), "age: {}", String::from_utf8_lossy(&out.stderr));
    let dir = env.path("opened");
    fs::create_dir_all(&dir).unwrap();
    assert!(Command::new("tar").arg("-xf").arg(&tar_file).arg("-C").arg(&dir).status().unwrap().success());
    let pk = env.ok(&["identity", "show"])["minisign_public_key"].as_str().unwrap().to_string();
    let out = tool("minisign").args(["-V", "-P", &pk, "-m"]).arg(dir.join("manifest.json")).output().unwrap();
    assert!(out.status.success(), "minisign: {}", String::from_utf8_lossy(&out.stderr));

    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "amparo-bundle");
    assert_eq!(manifest["recipients"], serde_json::json!([recipient]));
    for m in manifest["members"].as_array().unwrap() {
        let bytes = fs::read(dir.join(m["path"].as_str().unwrap())).unwrap();
        assert_eq!(bytes.len() as u64, m["size"].as_u64().unwrap());
        assert_eq!(crate::util::sha256_hex(&bytes), m["sha256"].as_str().unwrap());
    }
    assert_eq!(fs::read(dir.join(format!("attachments/{doc}"))).unwrap(), b"declaration bytes\n");
    let case_json = fs::read_to_string(dir.join(format!("records/cases/{case}.json"))).unwrap();
    assert!(case_json.contains("Interview notes") && case_json.contains("bia-appeal"));
    let person_json = fs::read_to_string(dir.join(format!("records/people/{person}.json"))).unwrap();
    assert!(!person_json.contains(&other) && !person_json.contains("Other matter"), "other cases stay home");

    // The next export counts up; bad targets are refused and write nothing.
    let second = env.path("b2.age");
    let s = env.ok(&["export", "--case", &case, "--to-recipient", &recipient, "--out", second.to_str().unwrap()]);
    assert_eq!(s["sequence"], 2);
    let third = env.path("b3.age");
    let t = third.to_str().unwrap();
    assert_eq!(env.err(&["export", "--case", &case, "--to-recipient", "age1nope", "--out", t]), "invalid-input");
    let nobody = "00000000-0000-4000-8000-000000000000";
    assert_eq!(env.err(&["export", "--case", &case, "--to", nobody, "--out", t]), "not-found");
    assert_eq!(env.err(&["export", "--case", nobody, "--to-recipient", &recipient, "--out", t]), "not-found");
    assert_eq!(
        env.err(&["export", "--case", &case, "--to-recipient", &recipient, "--out", second.to_str().unwrap()]),
        "invalid-input"
    );
    assert!(!third.exists());
    let leftovers: Vec<_> = fs::read_dir(env.root.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
}

/// Attachments added before schema v3 have no recorded hash: export hashes them on the way.
#[test]
fn attachments_from_before_v3_export_with_correct_hashes() {
    use std::io::Read;
    let Some((tmp, mut v)) = crate::golden::open_copy() else { return };
    let case = v.search("golden", 10).unwrap().into_iter().find_map(|h| h.case_id).unwrap();
    let key = age::x25519::Identity::generate();
    let out = tmp.path().join("b.age");
    v.export_bundle(&[case], &[], &[key.to_public().to_string()], &out, false).unwrap();
    let decryptor = age::Decryptor::new(fs::File::open(&out).unwrap()).unwrap();
    let mut plain = Vec::new();
    decryptor.decrypt(std::iter::once(&key as &dyn age::Identity)).unwrap().read_to_end(&mut plain).unwrap();
    let mut archive = tar::Archive::new(&plain[..]);
    let mut manifest = None;
    let mut attachment = None;
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if path == "manifest.json" {
            manifest = Some(serde_json::from_slice::<serde_json::Value>(&data).unwrap());
        } else if path.starts_with("attachments/") {
            attachment = Some((path, data));
        }
    }
    let (path, data) = attachment.expect("the golden attachment");
    assert_eq!(data, b"golden attachment bytes\n");
    let listed = manifest.unwrap()["members"].as_array().unwrap().iter().find(|m| m["path"] == path).unwrap().clone();
    assert_eq!(listed["sha256"].as_str().unwrap(), crate::util::sha256_hex(&data));
    assert_eq!(listed["size"].as_u64().unwrap(), data.len() as u64);
}

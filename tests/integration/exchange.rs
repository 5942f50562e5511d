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
    let tmp = crate::golden::fresh_copy();
    let opened = amparo::Vault::open(
        &tmp.path().join("vault"),
        amparo::Unlock::Passphrase(&secrecy::SecretString::from(crate::golden::PASSPHRASE)),
    );
    if !cfg!(debug_assertions) {
        return; // release builds refuse the fixture's test KDF (see golden.rs)
    }
    let v = opened.expect("the golden vault opens in debug builds");
    assert!(v.identity().unwrap().age_recipient.starts_with("age1"));
    assert!(v.verify_audit().unwrap().ok);
}

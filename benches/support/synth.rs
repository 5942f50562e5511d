//! Synthetic people and cases for benchmarks, deterministic by seed: names drawn from the
//! communities legal-aid offices serve (Spanish, Portuguese, Haitian Creole/French,
//! Arabic-transliterated, Mayan and English names), written as the kind of CSV sheet offices
//! keep. Never real people.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const GIVEN: &[&str] = &[
    "María",
    "José",
    "Juan",
    "Ana",
    "Luis",
    "Carmen",
    "Carlos",
    "Rosa",
    "Jorge",
    "Lucía",
    "Miguel",
    "Sofía",
    "Pedro",
    "Dulce",
    "Wilmer",
    "Yesenia",
    "Jhonatan",
    "Lissette",
    "Kevin",
    "Brenda",
    "João",
    "Thiago",
    "Luiz",
    "Antônio",
    "Conceição",
    "Fernanda",
    "Jean",
    "Marie",
    "Wisly",
    "Nadège",
    "Jean-Baptiste",
    "Rose-Marie",
    "Mackenson",
    "Widlyne",
    "Mohammed",
    "Ahmed",
    "Fatima",
    "Youssef",
    "Aisha",
    "Omar",
    "Khaled",
    "Ibrahim",
    "Ixchel",
    "Tz'ul",
    "Santos",
    "Juana",
    "Rigoberta",
    "Q'anil",
    "John",
    "Mary",
    "Grace",
    "David",
];
const SURNAMES: &[&str] = &[
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Díaz",
    "Reyes",
    "Morales",
    "Ortiz",
    "Gutiérrez",
    "Chávez",
    "Vásquez",
    "Orellana",
    "Quintanilla",
    "Menjívar",
    "Ayala",
    "Mejía",
    "da Silva",
    "dos Santos",
    "Souza",
    "Gonçalves",
    "Araújo",
    "Pierre",
    "Joseph",
    "Jean-Louis",
    "Saint-Fleur",
    "Exantus",
    "Dorvil",
    "Louis",
    "Al-Hassan",
    "Hussein",
    "Abdel Rahman",
    "Mustafa",
    "Osman",
    "Cux",
    "Batz",
    "Tuyuc",
    "Xoc",
    "Menchú",
    "Ajpop",
    "Smith",
    "Johnson",
];
const NATIONALITY: &[&str] = &["SV", "GT", "HN", "MX", "VE", "CO", "HT", "BR", "SY", "AF", "CU", "NI"];
const JURISDICTION: &[&str] = &["us-eoir", "us-uscis", "mx-comar", "co", "unhcr"];
const RELIEF: &[&str] = &["asylum", "withholding", "cat", "sijs", "u-visa", "tps", "refugee-status"];

/// A person's full name: one or two given names and one or two surnames.
pub fn name(rng: &mut StdRng) -> String {
    let mut parts = vec![GIVEN[rng.gen_range(0..GIVEN.len())]];
    if rng.gen_bool(0.4) {
        parts.push(GIVEN[rng.gen_range(0..GIVEN.len())]);
    }
    parts.push(SURNAMES[rng.gen_range(0..SURNAMES.len())]);
    if rng.gen_bool(0.6) {
        parts.push(SURNAMES[rng.gen_range(0..SURNAMES.len())]);
    }
    parts.join(" ")
}

/// A CSV sheet of `rows` people, each with a case; external ids `{prefix}-{n}`.
pub fn sheet(seed: u64, rows: usize, prefix: &str) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::from("ID,Name,Date of birth,A-number,Nationality,Case,Jurisdiction,Relief\n");
    for n in 0..rows {
        let dob = format!("{}-{:02}-{:02}", rng.gen_range(1950..2015), rng.gen_range(1..13), rng.gen_range(1..29));
        // Unique across sheets and rows: two people never share an A-number.
        let a_number = if rng.gen_bool(0.5) { format!("{}{:08}", seed % 9 + 1, n) } else { String::new() };
        let j = JURISDICTION[rng.gen_range(0..JURISDICTION.len())];
        let relief = if j.starts_with("us") { RELIEF[rng.gen_range(0..6)] } else { "refugee-status" };
        out += &format!(
            "{prefix}-{n},{},{dob},{a_number},{},Case {n},{j},{relief}\n",
            name(&mut rng),
            NATIONALITY[rng.gen_range(0..NATIONALITY.len())]
        );
    }
    out
}

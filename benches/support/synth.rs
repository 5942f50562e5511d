//! Synthetic people and cases for benchmarks, deterministic by seed: names drawn from the
//! communities legal-aid offices serve (Spanish, Portuguese, Haitian Creole/French,
//! Arabic-transliterated, Mayan and English names), written as the kind of CSV sheet offices
//! keep. Never real people.

// Each benchmark uses the part of this file it needs.
#![allow(dead_code)]

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

// ---------------------------------------------------------------------------------------------
// A whole office's caseload, for the store benchmarks: people, cases, events, tasks and notes.

/// How big a synthetic caseload is.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub cases: usize,
    pub notes_per_case: usize,
}

impl Scale {
    /// `small` (1,000 cases, 20,000 notes) or `office` (50,000 cases, 1,000,000 notes).
    pub fn named(name: &str) -> Option<Scale> {
        match name {
            "small" => Some(Scale { cases: 1_000, notes_per_case: 20 }),
            "office" => Some(Scale { cases: 50_000, notes_per_case: 20 }),
            _ => None,
        }
    }
}

const LAWYERS: &[&str] = &["A. Quiñones", "B. Okafor", "C. Duarte", "D. Haddad", "E. Lindqvist", "F. Baptiste"];
const STAGES: &[&str] = &["intake", "preparing", "filed", "hearing", "decided", "appeal"];
const PLACES: &[&str] = &[
    "San Pedro Sula",
    "Tegucigalpa",
    "Choloma",
    "San Salvador",
    "Soyapango",
    "Santa Ana",
    "Quetzaltenango",
    "Huehuetenango",
    "Cobán",
    "Escuintla",
    "Tapachula",
    "Ciudad Juárez",
    "Tijuana",
    "Reynosa",
    "Matamoros",
    "Port-au-Prince",
    "Cap-Haïtien",
    "Gonaïves",
    "Les Cayes",
    "Caracas",
    "Maracaibo",
    "Valencia",
    "Cúcuta",
    "Barranquilla",
    "Medellín",
    "Managua",
    "León",
    "Masaya",
    "Havana",
    "Santiago de Cuba",
    "Aleppo",
    "Homs",
    "Idlib",
    "Kabul",
    "Herat",
    "Mazar-i-Sharif",
    "Kandahar",
    "Belo Horizonte",
    "Fortaleza",
    "Boa Vista",
];
const ACTORS: &[&str] = &[
    "MS-13",
    "Barrio 18",
    "a local gang",
    "the police",
    "a neighbour",
    "her former partner",
    "his employer",
    "a paramilitary group",
    "the army",
    "a cartel",
    "the colectivos",
    "a militia",
    "his stepfather",
];
const ACTORES: &[&str] = &[
    "la MS-13",
    "el Barrio 18",
    "una pandilla local",
    "la policía",
    "un vecino",
    "su expareja",
    "su patrón",
    "un grupo paramilitar",
    "el ejército",
    "un cartel",
    "los colectivos",
    "una milicia",
    "su padrastro",
];

/// English sentences of a case worker's note; `{}` slots take a name, place, actor or date.
const EN: &[&str] = &[
    "Met with {name} at the office with an interpreter; reviewed the timeline of events in {place}.",
    "Client states that {actor} threatened the family in {place} after they refused to pay the renta.",
    "Called {name} to confirm the address for the hearing notice; the phone number is unchanged.",
    "Declaration draft: on {date} I was stopped on the road outside {place} by {actor}.",
    "Requested country conditions reports for {place}, including the latest State Department report.",
    "Client brought the birth certificate and the police report from {place}; scanned and returned the originals.",
    "Discussed the one-year filing deadline and the exceptions for changed circumstances.",
    "Psychological evaluation scheduled; client reports nightmares and trouble sleeping since {date}.",
    "Prepared the cover letter and exhibit list; index of supporting documents sent to {name} for review.",
    "Witness {name} agreed to provide a declaration about the threats by {actor}.",
    "Reviewed the notice to appear: the charge of removability and the date of entry near {place}.",
    "Explained the master calendar hearing and what the judge will ask; client understood with the interpreter.",
    "Client was detained on {date}; called the facility to arrange a legal visit.",
    "Biometrics appointment notice received; client must bring the passport and the receipt notice.",
    "The brother in {place} sent photographs of the damage to the house; they need translation of the captions.",
    "Follow-up: {name} has not answered two calls; sent a letter to the last known address.",
    "Client fears return because {actor} killed a cousin in {place} in {date}.",
    "Filed the motion to change venue; waiting for the court's decision before the next hearing.",
    "Work permit application prepared; the clock started with the receipt of the application.",
    "Medical records from the clinic in {place} show treatment for injuries consistent with the account.",
];
/// Spanish sentences of the same kind.
const ES: &[&str] = &[
    "Reunión con {name} en la oficina con intérprete; revisamos la cronología de los hechos en {place}.",
    "La clienta declara que {actor} amenazó a la familia en {place} después de negarse a pagar la renta.",
    "Llamé a {name} para confirmar la dirección para la notificación de la audiencia.",
    "Borrador de declaración: el {date} me detuvo {actor} en la carretera a las afueras de {place}.",
    "Solicité informes sobre las condiciones del país en {place}, incluido el último informe del Departamento de Estado.",
    "El cliente trajo el acta de nacimiento y la denuncia de la policía de {place}; se escanearon los originales.",
    "Hablamos del plazo de un año para solicitar asilo y de las excepciones por cambio de circunstancias.",
    "Evaluación psicológica programada; la clienta tiene pesadillas y problemas para dormir desde el {date}.",
    "Preparé la carta de presentación y la lista de pruebas; el índice se envió a {name} para revisión.",
    "El testigo {name} aceptó dar una declaración sobre las amenazas de {actor}.",
    "Revisamos la notificación de comparecencia: el cargo de deportabilidad y la fecha de entrada cerca de {place}.",
    "Le expliqué la audiencia preliminar y lo que preguntará el juez; entendió con la intérprete.",
    "El cliente fue detenido el {date}; llamé al centro de detención para una visita legal.",
    "Llegó la cita de datos biométricos; debe llevar el pasaporte y el aviso de recibo.",
    "El hermano en {place} mandó fotos de los daños a la casa; hay que traducir las leyendas.",
    "Seguimiento: {name} no contestó dos llamadas; se envió una carta a la última dirección conocida.",
    "Teme regresar porque {actor} mató a un primo en {place} en {date}.",
    "Presentamos la moción de cambio de sede; esperamos la decisión antes de la próxima audiencia.",
    "Se preparó la solicitud de permiso de trabajo; el plazo corre desde el recibo.",
    "Los expedientes médicos de la clínica de {place} muestran lesiones que coinciden con el relato.",
];

fn pick<'a>(rng: &mut StdRng, from: &[&'a str]) -> &'a str {
    from[rng.gen_range(0..from.len())]
}

fn date(rng: &mut StdRng, from_year: i32, to_year: i32) -> String {
    format!("{}-{:02}-{:02}", rng.gen_range(from_year..=to_year), rng.gen_range(1..13), rng.gen_range(1..29))
}

/// A case worker's note, in English or (40 %) Spanish: most a few sentences (200–1,500
/// characters), one in twenty a declaration draft of several thousand.
pub fn note(rng: &mut StdRng) -> String {
    let spanish = rng.gen_bool(0.4);
    let sentences = if rng.gen_bool(0.05) { rng.gen_range(25..60) } else { rng.gen_range(2..12) };
    let mut out = String::new();
    for i in 0..sentences {
        let template = pick(rng, if spanish { ES } else { EN });
        let mut s = template.to_string();
        for (slot, value) in [
            ("{name}", name(rng)),
            ("{place}", pick(rng, PLACES).to_string()),
            ("{actor}", pick(rng, if spanish { ACTORES } else { ACTORS }).to_string()),
            ("{date}", date(rng, 2015, 2026)),
        ] {
            s = s.replace(slot, &value);
        }
        if i > 0 {
            out.push(if rng.gen_bool(0.2) { '\n' } else { ' ' });
        }
        out += &s;
    }
    out
}

/// One client with their case, events and tasks, as the office would have entered them.
pub struct CaseRecord {
    pub person: amparo::domain::records::NewPerson,
    pub case: amparo::domain::records::CaseDetails,
    /// (event kind, date), in the order they happened.
    pub events: Vec<(amparo::domain::EventKind, String)>,
    pub tasks: Vec<(String, Option<String>)>,
}

/// The `n`th case of a caseload (deterministic by seed and `n`).
pub fn case_record(seed: u64, n: usize) -> CaseRecord {
    use amparo::domain::EventKind::*;
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003) ^ n as u64);
    let name = name(&mut rng);
    let jurisdiction = pick(&mut rng, JURISDICTION);
    let relief = if jurisdiction.starts_with("us") { RELIEF[rng.gen_range(0..6)] } else { "refugee-status" };
    let arrival_year = rng.gen_range(2016..2026);
    let arrival = date(&mut rng, arrival_year, arrival_year);
    let later = |rng: &mut StdRng| date(rng, arrival_year + 1, 2026.max(arrival_year + 1));
    let events = match jurisdiction {
        "us-eoir" => {
            vec![(LastArrival, arrival), (NtaServed, later(&mut rng)), (MasterHearing, date(&mut rng, 2027, 2028))]
        }
        "us-uscis" => vec![(LastArrival, arrival), (Interview, date(&mut rng, 2027, 2028))],
        "mx-comar" => vec![(MxEntry, arrival)],
        "co" => vec![(CoEntry, arrival)],
        _ => vec![(Interview, later(&mut rng))],
    };
    let tasks = (0..rng.gen_range(0..4))
        .map(|i| {
            let title = pick(
                &mut rng,
                &[
                    "Call client",
                    "Translate birth certificate",
                    "Request police report",
                    "Prepare exhibits",
                    "Llamar al testigo",
                ],
            );
            (format!("{title} {i}"), rng.gen_bool(0.5).then(|| date(&mut rng, 2026, 2027)))
        })
        .collect();
    CaseRecord {
        person: amparo::domain::records::NewPerson {
            dob: Some(date(&mut rng, 1950, 2014)),
            a_number: rng.gen_bool(0.6).then(|| format!("{}{:08}", seed % 9 + 1, n)),
            nationality: Some(pick(&mut rng, NATIONALITY).to_string()),
            languages: vec![pick(&mut rng, &["es", "ht", "pt", "ar", "mam", "en"]).to_string()],
            name,
            ..Default::default()
        },
        case: amparo::domain::records::CaseDetails {
            jurisdiction: jurisdiction.to_string(),
            title: format!("{} {}", if relief == "refugee-status" { "Refugee claim" } else { "Asylum" }, n),
            relief: vec![relief.to_string()],
            stage: Some(pick(&mut rng, STAGES).to_string()),
            lawyer: Some(pick(&mut rng, LAWYERS).to_string()),
            ..Default::default()
        },
        events,
        tasks,
    }
}

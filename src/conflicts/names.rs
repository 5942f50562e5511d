//! Names cut into comparable tokens, and how alike two tokens and two names are.

use unicode_normalization::UnicodeNormalization;

/// Words that are part of a name but not of its identity: left out before comparing
/// (Spanish and Portuguese particles and conjunctions, Dutch/German/French particles, Arabic
/// article and patronymic markers).
const PARTICLES: &[&str] = &[
    "de", "del", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "des", "van", "von", "der", "den", "y", "e",
    "al", "el", "bin", "ben", "ibn", "bint",
];

/// Spellings of the same name that folding and the phonetic key do not bring together: Arabic
/// transliterations and the abbreviations used in Haitian civil records. Each group maps to
/// its first entry.
const VARIANTS: &[&[&str]] = &[
    &[
        "muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "muhamad", "mohd", "mehmet", "mouhamed",
        "mahomed", "mohamud",
    ],
    &["ahmad", "ahmed", "ahmet", "achmed"],
    &["husayn", "hussein", "husein", "hussain", "husain", "hossein", "houssein", "hosein"],
    &["hasan", "hassan", "hasen"],
    &["abd", "abdel", "abdul", "abdal", "abdoul"],
    &["abdallah", "abdullah", "abdellah", "abdalla"],
    &["yusuf", "youssef", "yousef", "yousif", "yusef", "youssouf", "yossef"],
    &["mustafa", "mostafa", "moustafa", "mustapha", "mostapha"],
    &["khalid", "khaled"],
    &["umar", "omar", "omer"],
    &["uthman", "othman", "osman", "usman"],
    &["ibrahim", "ebrahim", "ibraheem", "brahim"],
    &["aisha", "aicha", "aysha", "ayesha", "aishah"],
    &["fatima", "fatma", "fatimah", "fatemeh", "fatoumata"],
    &["mahmud", "mahmoud", "mahmood"],
    &["said", "saeed", "sayed", "sayyid", "saied"],
    &["walid", "waleed"],
    &["jean", "jn"],
    &["marie", "mari"],
    &["saint", "st", "sainte", "ste"],
];

/// A token of a name: folded (no accents, lower case), with its variant group and phonetic key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub folded: String,
    pub canon: String,
    pub phonetic: String,
}

impl Token {
    pub fn new(folded: &str) -> Token {
        Token { folded: folded.to_string(), canon: canon(folded).to_string(), phonetic: phonetic(folded) }
    }
}

/// The tokens of a name: folded, split on anything but letters and digits (apostrophes and
/// glottal-stop marks are dropped inside a word), particles left out. At most 12 tokens.
pub fn tokens(name: &str) -> Vec<Token> {
    fold(name).split(' ').filter(|t| !t.is_empty() && !PARTICLES.contains(t)).take(12).map(Token::new).collect()
}

/// Lower case, accents and other marks removed, a few letters spelled out; apostrophes dropped,
/// every other non-alphanumeric character a space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        match c {
            '\'' | '’' | 'ʼ' | '‘' | '`' | 'ʻ' | '´' => {}
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'ı' => out.push('i'),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out
}

fn canon(folded: &str) -> &str {
    VARIANTS.iter().find(|g| g.contains(&folded)).map_or(folded, |g| g[0])
}

/// A rough key for how a token sounds in Spanish, Portuguese and French/Haitian Creole
/// spelling: letters that are written differently for the same sound are made one.
pub fn phonetic(folded: &str) -> String {
    let mut s = folded.to_string();
    for (from, to) in [
        ("ph", "f"),
        ("th", "t"),
        ("kh", "k"),
        ("sh", "x"),
        ("ch", "x"),
        ("ll", "y"),
        ("qu", "k"),
        ("gu", "g"),
        ("ck", "k"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
    ] {
        s = s.replace(from, to);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let mapped = match c {
            'c' if matches!(next, Some('e' | 'i' | 'y')) => 's',
            'c' | 'q' => 'k',
            'z' => 's',
            'v' => 'b',
            'w' => 'u',
            'y' => 'i',
            'h' => continue,
            c => c,
        };
        if !out.ends_with(mapped) {
            out.push(mapped);
        }
    }
    // A silent final e (Marie, Pierre, Rose) in longer words.
    if out.len() > 3 && out.ends_with('e') {
        out.pop();
    }
    out
}

/// How two tokens match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    /// Different spelling of the same sound, or a typo.
    Spelling,
    /// A known transliteration or abbreviation.
    Variant,
    Exact,
}

/// How alike two tokens are, 0.0 to 1.0, and why.
pub fn token_similarity(a: &Token, b: &Token) -> Option<(f64, Likeness)> {
    if a.folded == b.folded {
        return Some((1.0, Likeness::Exact));
    }
    // (The folded forms differ, so one of them is a listed variant.)
    if a.canon == b.canon {
        return Some((0.95, Likeness::Variant));
    }
    if a.phonetic == b.phonetic && a.phonetic.len() >= 2 {
        return Some((0.92, Likeness::Spelling));
    }
    if gender_pair(&a.folded, &b.folded) {
        return None;
    }
    if one_vowel_apart(&a.folded, &b.folded) {
        return Some((0.9, Likeness::Spelling));
    }
    // A typo: close spellings (Jaro similarity; no bonus for a shared beginning, which would
    // join Alvarado and Alvarenga) of about the same length, starting with the same letter (a
    // different first letter is more often a different name: Hernández, Fernández).
    let (la, lb) = (a.folded.chars().count(), b.folded.chars().count());
    if la.min(lb) >= 4 && la.abs_diff(lb) <= 2 && a.folded.chars().next() == b.folded.chars().next() {
        let jaro = strsim::jaro(&a.folded, &b.folded);
        if jaro >= 0.88 {
            return Some((jaro * 0.95, Likeness::Spelling));
        }
    }
    None
}

/// The masculine and feminine forms of a name (Tomás / Tomasa, Mario / Maria, Daniel /
/// Daniela): one letter apart, and different people.
fn gender_pair(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let stem = |s: &str| s.strip_suffix('o').or_else(|| s.strip_suffix('a')).map(str::to_string);
    long.strip_prefix(short) == Some("a")
        || (short.len() == long.len() && stem(short).is_some() && stem(short) == stem(long))
}

/// One e written for an i, or an o for a u (Felipe / Filipe, Yusuf / Yosuf): the vowels Spanish
/// and Portuguese spellings and transliterations trade most.
fn one_vowel_apart(a: &str, b: &str) -> bool {
    if a.chars().count() != b.chars().count() || a.chars().count() < 4 {
        return false;
    }
    let mut diffs = a.chars().zip(b.chars()).filter(|(x, y)| x != y);
    matches!((diffs.next(), diffs.next()), (Some(pair), None) if matches!(pair, ('e', 'i') | ('i', 'e') | ('o', 'u') | ('u', 'o')))
}

/// How well two names match: the pairs of tokens matched (each token used once), summed over
/// the shorter name, scaled a little down when the longer name has tokens left over (a missing
/// second surname is common; many missing tokens are less convincing). Names of one token
/// match only names of one token. At least two tokens must match otherwise.
pub fn name_similarity(query: &[Token], candidate: &[Token]) -> Option<(f64, Likeness)> {
    let pairs = best_pairs(query, candidate);
    score_pairs(&pairs, query.len(), candidate.len())
}

/// A matched pair of tokens: query index, candidate index, similarity, likeness.
pub type Pair = (usize, usize, f64, Likeness);

fn best_pairs(query: &[Token], candidate: &[Token]) -> Vec<Pair> {
    let mut all = Vec::new();
    for (i, q) in query.iter().enumerate() {
        for (j, c) in candidate.iter().enumerate() {
            if let Some((sim, how)) = token_similarity(q, c) {
                all.push((i, j, sim, how));
            }
        }
    }
    pick_pairs(all)
}

/// From every possible pair, the most alike first, each token used once.
pub fn pick_pairs(mut all: Vec<Pair>) -> Vec<Pair> {
    all.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut used_q: Vec<usize> = Vec::new();
    let mut used_c: Vec<usize> = Vec::new();
    all.into_iter()
        .filter(|&(i, j, _, _)| {
            let free = !used_q.contains(&i) && !used_c.contains(&j);
            if free {
                used_q.push(i);
                used_c.push(j);
            }
            free
        })
        .collect()
}

/// The score of a set of matched token pairs between names of `qlen` and `clen` tokens.
pub fn score_pairs(pairs: &[Pair], qlen: usize, clen: usize) -> Option<(f64, Likeness)> {
    let (shorter, longer) = (qlen.min(clen), qlen.max(clen));
    if shorter == 0 || (shorter == 1 && longer > 1) || pairs.len() < shorter.min(2) {
        return None;
    }
    let sum: f64 = pairs.iter().map(|p| p.2).sum();
    let coverage = pairs.len() as f64 / longer as f64;
    let score = (sum / shorter as f64).min(1.0) * (0.85 + 0.15 * coverage);
    let weakest = pairs.iter().map(|p| p.3).min()?;
    Some((score, weakest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_tokens() {
        assert_eq!(fold("María José PÉREZ-López"), "maria jose perez lopez");
        assert_eq!(fold("Tz’ul K'iche'"), "tzul kiche");
        assert_eq!(fold("Conceição Gonçalves"), "conceicao goncalves");
        let t: Vec<String> = tokens("Juan de la Cruz y Del Río").into_iter().map(|t| t.folded).collect();
        assert_eq!(t, ["juan", "cruz", "rio"]);
        assert_eq!(tokens("  ,  ").len(), 0);
    }

    #[test]
    fn phonetic_keys_join_spellings_of_one_sound() {
        for (a, b) in [
            ("gonzalez", "gonzales"),
            ("joseph", "jozef"),
            ("marie", "mari"),
            ("souza", "sousa"),
            ("thiago", "tiago"),
            ("chavez", "xavez"),
            ("vasquez", "basques"),
            ("yolanda", "iolanda"),
        ] {
            assert_eq!(phonetic(a), phonetic(b), "{a} / {b}");
        }
        assert_ne!(phonetic("maria"), phonetic("mario"));
    }

    #[test]
    fn names_match_across_order_particles_and_missing_surnames() {
        let s = |a: &str, b: &str| name_similarity(&tokens(a), &tokens(b)).map(|(s, _)| s).unwrap_or(0.0);
        assert!(s("María José Pérez López", "Maria Perez") >= 0.9);
        assert!(s("Pérez López, María José", "María José Pérez López") >= 0.99);
        assert!(s("Mohammed Al-Hassan", "Muhammad Hasan") >= 0.9);
        assert!(s("Maria Lopez", "Maria Perez") < 0.7);
        assert!(s("Maria", "Maria Perez") == 0.0, "a single given name says nothing");
    }
}

//! The words of the deadline engine: computation traces, warnings and rule titles, in English
//! and Spanish.
//!
//! A trace is stored as structured [`Step`]s (JSON in the deadline's row), not as text, so the
//! same stored computation reads in either language and keeps its edition and source even after
//! the rules change. Every wording lives here; `match` exhaustiveness makes a new step, note or
//! problem impossible to add without its words in both languages.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{Closed, Holiday};
use super::rules::{Period, RuleId};
use crate::domain::EventKind;
use crate::settings::Language;

/// One line of a computation trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    /// The event counted from.
    Event {
        kind: EventKind,
        date: NaiveDate,
    },
    /// The period counted and where it lands.
    Count {
        period: Period,
        date: NaiveDate,
    },
    /// The month is shorter than the starting day (29 Feb + 1 year): its last day is used.
    MonthEnd {
        day: u32,
        date: NaiveDate,
    },
    /// Suspension days added (deadlines did not run).
    Suspended {
        days: u32,
        date: NaiveDate,
    },
    /// Days the EAD clock stood stopped, added.
    EadStopped {
        days: u32,
        date: NaiveDate,
    },
    /// The last day was not a business day: these days were passed over.
    Rolled {
        skipped: Vec<(NaiveDate, Closed)>,
        to: NaiveDate,
    },
    /// The last day is not a business day and the law may not move it: kept (the earlier date).
    NotRolled {
        date: NaiveDate,
        why: Closed,
    },
    /// A second reading of the rule and whether its (earlier) date was used.
    OtherReading {
        period: Period,
        date: NaiveDate,
        used: bool,
    },
    Rule {
        rule: RuleId,
        edition: String,
        source: String,
    },
    Note {
        note: Note,
    },
    FileBy {
        days: u32,
        date: NaiveDate,
    },
    /// Satisfied by this event.
    Met {
        kind: EventKind,
        date: NaiveDate,
    },
    /// A deadline typed in by the lawyer.
    Manual {
        date: NaiveDate,
    },
}

/// Facts the lawyer must weigh that the engine does not compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Note {
    ExceptionsNotComputed,
    CountsWhenReceived,
    DecisionServiceDate,
    LackOfNoticeAnyTime,
    JudgeMayOrderOtherwise,
    CompleteApplication,
    LateFilingJustification,
    ExtendableByAuthority,
}

/// Something the engine could not compute, or that the lawyer should check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    EventNotForJurisdiction {
        kind: EventKind,
        date: NaiveDate,
    },
    BeforeArrival {
        kind: EventKind,
        date: NaiveDate,
        arrival: NaiveDate,
    },
    SeveralEvents {
        kind: EventKind,
    },
    OneYearNotApplied,
    ReceivedAfterOneYear {
        due: NaiveDate,
    },
    DetainedHearingFilings,
    OlderEdition {
        rule: RuleId,
        edition: &'static str,
    },
    EadEntryBeforeReceipt {
        date: NaiveDate,
    },
    EadStopWhileStopped {
        date: NaiveDate,
    },
    EadStartWithoutStop {
        date: NaiveDate,
    },
    EadClockStopped {
        since: NaiveDate,
    },
    /// Closures moved a filing deadline to the hearing day or after it.
    FilingNotBeforeHearing {
        kind: EventKind,
        date: NaiveDate,
    },
    /// A closure day moved a deadline later: the closure may concern another court.
    ClosureMovedDeadline {
        rule: RuleId,
        closed: NaiveDate,
        due: NaiveDate,
    },
}

/// A problem as shown: a stable code for the app and a sentence in the vault's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Warning {
    pub code: String,
    pub message: String,
}

fn en_es(lang: Language, en: String, es: String) -> String {
    match lang {
        Language::En => en,
        Language::Es => es,
    }
}

/// `Fri 25 Dec 2026` / `vie 25 dic 2026`.
pub fn format_date(d: NaiveDate, lang: Language) -> String {
    const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const ES_DAYS: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
    const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const ES_MONTHS: [&str; 12] = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
    let wd = d.weekday().num_days_from_monday() as usize;
    let m = d.month0() as usize;
    match lang {
        Language::En => format!("{} {} {} {}", EN_DAYS[wd], d.day(), EN_MONTHS[m], d.year()),
        Language::Es => format!("{} {} {} {}", ES_DAYS[wd], d.day(), ES_MONTHS[m], d.year()),
    }
}

/// The title of a rule's deadline.
pub fn rule_title(rule: RuleId, lang: Language) -> &'static str {
    use RuleId::*;
    let (en, es) = match rule {
        AsylumOneYear => (
            "Asylum application (I-589) must be received: one-year bar",
            "La solicitud de asilo (I-589) debe recibirse: plazo de un año",
        ),
        BiaAppeal => {
            ("Appeal to the BIA (EOIR-26) must be received", "La apelación ante la BIA (EOIR-26) debe recibirse")
        }
        MotionReconsider => ("Motion to reconsider", "Moción de reconsideración"),
        MotionReopen => ("Motion to reopen", "Moción de reapertura"),
        MchFilings => ("Filings before the master calendar hearing", "Escritos antes de la audiencia preliminar"),
        IchFilings => ("Filings before the individual hearing", "Escritos antes de la audiencia individual"),
        FilingResponse => ("Response to a filing", "Respuesta a un escrito"),
        EadFileEarliest => (
            "Earliest day to file the work permit (I-765, (c)(8))",
            "Primer día para pedir el permiso de trabajo (I-765, (c)(8))",
        ),
        EadGrantEarliest => {
            ("Earliest day the work permit may be granted", "Primer día en que puede concederse el permiso de trabajo")
        }
        AddressChangeEoir => {
            ("Change of address to the court (EOIR-33)", "Cambio de domicilio ante el tribunal (EOIR-33)")
        }
        AddressChangeUscis => ("Change of address to USCIS (AR-11)", "Cambio de domicilio ante USCIS (AR-11)"),
        MxComarFiling => ("Apply for refugee status at COMAR", "Solicitar la condición de refugiado ante la COMAR"),
        MxComarDecision => ("COMAR's time to decide ends", "Vence el plazo de la COMAR para resolver"),
        CoFiling => ("Refugee application in Colombia", "Solicitud de refugio en Colombia"),
        CoAppeal => ("Recurso de reposición against the denial", "Recurso de reposición contra la negativa"),
    };
    match lang {
        Language::En => en,
        Language::Es => es,
    }
}

/// An event kind in running text.
pub fn event_name(kind: EventKind, lang: Language) -> &'static str {
    use EventKind::*;
    let (en, es) = match kind {
        LastArrival => ("Last arrival in the US", "Última llegada a EE. UU."),
        NtaServed => ("Notice to Appear served", "Notificación de comparecencia (NTA) entregada"),
        I589Filed => ("I-589 sent", "I-589 enviado"),
        I589Received => ("I-589 received", "I-589 recibido"),
        EadClockStop => ("EAD clock stopped", "Reloj del permiso de trabajo detenido"),
        EadClockStart => ("EAD clock restarted", "Reloj del permiso de trabajo reanudado"),
        Biometrics => ("Biometrics appointment", "Cita de datos biométricos"),
        MasterHearing => ("Master calendar hearing", "Audiencia preliminar"),
        IndividualHearing => ("Individual hearing", "Audiencia individual"),
        Interview => ("Asylum interview", "Entrevista de asilo"),
        FilingReceived => ("Filing received by the court", "Escrito recibido por el tribunal"),
        IjDecision => ("Immigration judge's decision", "Decisión del juez de inmigración"),
        InAbsentiaOrder => ("In-absentia order", "Orden en ausencia"),
        FinalOrder => ("Final administrative order", "Orden administrativa definitiva"),
        Decision => ("Decision", "Decisión"),
        AddressChange => ("Move to a new address", "Cambio de domicilio"),
        MxEntry => ("Entry into Mexico", "Ingreso a México"),
        MxComarAdmission => ("COMAR admitted the application", "La COMAR admitió la solicitud"),
        CoEntry => ("Entry into Colombia", "Ingreso a Colombia"),
        CoDenialNotified => ("Denial notified", "Negativa notificada"),
        Other => ("Other event", "Otro evento"),
    };
    match lang {
        Language::En => en,
        Language::Es => es,
    }
}

fn holiday_name(h: Holiday, lang: Language) -> &'static str {
    use Holiday::*;
    let (en, es) = match h {
        NewYear => ("New Year's Day", "Año Nuevo"),
        MlkDay => ("Birthday of Martin Luther King, Jr.", "Natalicio de Martin Luther King Jr."),
        WashingtonsBirthday => ("Washington's Birthday", "Natalicio de Washington"),
        MemorialDay => ("Memorial Day", "Día de los Caídos (Memorial Day)"),
        Juneteenth => ("Juneteenth National Independence Day", "Juneteenth"),
        IndependenceDay => ("Independence Day", "Día de la Independencia"),
        LaborDay => ("Labor Day", "Día del Trabajo (Labor Day)"),
        ColumbusDay => ("Columbus Day", "Día de Colón"),
        VeteransDay => ("Veterans Day", "Día de los Veteranos"),
        Thanksgiving => ("Thanksgiving Day", "Día de Acción de Gracias"),
        Christmas => ("Christmas Day", "Navidad"),
        MxConstitution => ("Constitution Day (Mexico)", "Día de la Constitución"),
        MxJuarez => ("Benito Juárez's birthday (Mexico)", "Natalicio de Benito Juárez"),
        MxLabour | CoLabour => ("Labour Day", "Día del Trabajo"),
        MxIndependence => ("Independence Day (Mexico)", "Día de la Independencia"),
        MxRevolution => ("Revolution Day (Mexico)", "Día de la Revolución"),
        MxTransmission => ("Transfer of the federal executive (Mexico)", "Transmisión del Poder Ejecutivo Federal"),
        CoEpiphany => ("Epiphany (Colombia)", "Día de los Reyes Magos"),
        CoSaintJoseph => ("Saint Joseph's Day (Colombia)", "Día de San José"),
        CoHolyThursday => ("Holy Thursday", "Jueves Santo"),
        CoGoodFriday => ("Good Friday", "Viernes Santo"),
        CoAscension => ("Ascension Day (Colombia)", "Día de la Ascensión"),
        CoCorpusChristi => ("Corpus Christi (Colombia)", "Corpus Christi"),
        CoSacredHeart => ("Sacred Heart (Colombia)", "Sagrado Corazón"),
        CoSaintsPeterPaul => ("Saints Peter and Paul (Colombia)", "San Pedro y San Pablo"),
        CoIndependence => ("Independence Day (Colombia)", "Día de la Independencia"),
        CoBoyaca => ("Battle of Boyacá (Colombia)", "Batalla de Boyacá"),
        CoAssumption => ("Assumption Day (Colombia)", "La Asunción de la Virgen"),
        CoRaza => ("Día de la Raza (Colombia)", "Día de la Raza"),
        CoAllSaints => ("All Saints' Day (Colombia)", "Día de Todos los Santos"),
        CoCartagena => ("Independence of Cartagena (Colombia)", "Independencia de Cartagena"),
        CoImmaculate => ("Immaculate Conception (Colombia)", "Día de la Inmaculada Concepción"),
    };
    match lang {
        Language::En => en,
        Language::Es => es,
    }
}

fn closed_reason(why: Closed, lang: Language) -> String {
    match why {
        Closed::Saturday => en_es(lang, "Saturday".into(), "sábado".into()),
        Closed::Sunday => en_es(lang, "Sunday".into(), "domingo".into()),
        Closed::Holiday { holiday, observed: false } => holiday_name(holiday, lang).into(),
        Closed::Holiday { holiday, observed: true } => {
            let name = holiday_name(holiday, lang);
            en_es(lang, format!("{name} (observed)"), format!("{name} (día observado)"))
        }
        Closed::Closure => en_es(lang, "closure day".into(), "día de cierre".into()),
        Closed::Suspended => en_es(lang, "deadlines suspended".into(), "plazos suspendidos".into()),
    }
}

fn period_words(p: Period, lang: Language) -> String {
    match (p, lang) {
        (Period::Days(n), Language::En) => format!("{n} calendar days"),
        (Period::Days(n), Language::Es) => format!("{n} días naturales"),
        (Period::DaysBefore(n), Language::En) => format!("{n} days before"),
        (Period::DaysBefore(n), Language::Es) => format!("{n} días antes"),
        (Period::BusinessDays(n), Language::En) => format!("{n} business days"),
        (Period::BusinessDays(n), Language::Es) => format!("{n} días hábiles"),
        (Period::Months(12), Language::En) => "1 year".into(),
        (Period::Months(12), Language::Es) => "1 año".into(),
        (Period::Months(n), Language::En) => format!("{n} months"),
        (Period::Months(n), Language::Es) => format!("{n} meses"),
    }
}

fn note_text(note: Note, lang: Language) -> &'static str {
    use Note::*;
    let (en, es) = match note {
        ExceptionsNotComputed => (
            "Exceptions (changed or extraordinary circumstances, unaccompanied children) are for the lawyer to record; they are not computed.",
            "Las excepciones (circunstancias cambiadas o extraordinarias, menores no acompañados) las registra el abogado; no se calculan.",
        ),
        CountsWhenReceived => (
            "No mailbox rule: a filing counts when it is received.",
            "No hay regla del buzón: un escrito cuenta cuando se recibe.",
        ),
        DecisionServiceDate => (
            "Counted from an oral decision, or from the mailing or electronic service of a written one.",
            "Se cuenta desde la decisión oral, o desde el envío o la notificación electrónica de la escrita.",
        ),
        LackOfNoticeAnyTime => (
            "For lack of notice a motion to reopen may be filed at any time: not computed.",
            "Por falta de notificación la moción de reapertura puede presentarse en cualquier momento: no se calcula.",
        ),
        JudgeMayOrderOtherwise => (
            "The immigration judge may set a different deadline; an order of the judge prevails.",
            "El juez de inmigración puede fijar otro plazo; prevalece la orden del juez.",
        ),
        CompleteApplication => (
            "Counts from the receipt of a complete I-589.",
            "Se cuenta desde la recepción de un I-589 completo.",
        ),
        LateFilingJustification => (
            "A late application needs a justification.",
            "Una solicitud tardía necesita una justificación.",
        ),
        ExtendableByAuthority => (
            "The authority may extend it; this is a date to watch, not a filing deadline.",
            "La autoridad puede ampliarlo; es una fecha para vigilar, no un plazo para presentar.",
        ),
    };
    match lang {
        Language::En => en,
        Language::Es => es,
    }
}

impl Step {
    pub fn render(&self, lang: Language) -> String {
        let d = |date: &NaiveDate| format_date(*date, lang);
        match self {
            Step::Event { kind, date } => format!("{}: {}", event_name(*kind, lang), d(date)),
            Step::Count { period: Period::DaysBefore(n), date } => en_es(
                lang,
                format!("− {n} days before it (the day before is day 1) = {}", d(date)),
                format!("− {n} días antes (el día anterior es el día 1) = {}", d(date)),
            ),
            Step::Count { period, date } => format!("+ {} = {}", period_words(*period, lang), d(date)),
            Step::MonthEnd { day, date } => en_es(
                lang,
                format!("That month has no day {day}: its last day, {}, is used (the safer reading)", d(date)),
                format!("Ese mes no tiene día {day}: se usa su último día, {} (la lectura más segura)", d(date)),
            ),
            Step::Suspended { days, date } => en_es(
                lang,
                format!("+ {days} days during which deadlines were suspended = {}", d(date)),
                format!("+ {days} días en que los plazos estuvieron suspendidos = {}", d(date)),
            ),
            Step::EadStopped { days, date } => en_es(
                lang,
                format!("+ {days} days the EAD clock was stopped = {}", d(date)),
                format!("+ {days} días con el reloj del permiso de trabajo detenido = {}", d(date)),
            ),
            Step::Rolled { skipped, to } => {
                let list =
                    skipped.iter().map(|(day, why)| format!("{} ({})", d(day), closed_reason(*why, lang))).collect::<Vec<_>>();
                let list = list.join(", ");
                match (lang, skipped.len()) {
                    (Language::En, 1) => format!("Not a business day: {list} → next business day: {}", d(to)),
                    (Language::En, _) => format!("Not business days: {list} → next business day: {}", d(to)),
                    (Language::Es, 1) => format!("Día no hábil: {list} → siguiente día hábil: {}", d(to)),
                    (Language::Es, _) => format!("Días no hábiles: {list} → siguiente día hábil: {}", d(to)),
                }
            }
            Step::NotRolled { date, why } => en_es(
                lang,
                format!(
                    "{} is not a business day ({}); the law may move the deadline to the next business day, but the earlier date is kept (the safer reading)",
                    d(date),
                    closed_reason(*why, lang)
                ),
                format!(
                    "{} no es día hábil ({}); la ley puede correr el plazo al siguiente día hábil, pero se mantiene la fecha anterior (la lectura más segura)",
                    d(date),
                    closed_reason(*why, lang)
                ),
            ),
            Step::OtherReading { period, date, used: true } => en_es(
                lang,
                format!("Another reading ({}) gives {}: the earlier date is used", period_words(*period, lang), d(date)),
                format!("Otra lectura ({}) da {}: se usa la fecha anterior", period_words(*period, lang), d(date)),
            ),
            Step::OtherReading { period, date, used: false } => en_es(
                lang,
                format!(
                    "Another reading ({}) gives {}, which is later: the date above, the earlier one, is used",
                    period_words(*period, lang),
                    d(date)
                ),
                format!(
                    "Otra lectura ({}) da {}, que es posterior: se usa la fecha de arriba, la anterior",
                    period_words(*period, lang),
                    d(date)
                ),
            ),
            Step::Rule { rule, edition, source } => en_es(
                lang,
                format!("Rule {} (edition {edition}): {source}", rule.as_str()),
                format!("Regla {} (edición {edition}): {source}", rule.as_str()),
            ),
            Step::Note { note } => note_text(*note, lang).to_string(),
            Step::FileBy { days, date } => en_es(
                lang,
                format!("File-by target: {days} business days earlier = {}", d(date)),
                format!("Presentar antes de: {days} días hábiles antes = {}", d(date)),
            ),
            Step::Met { kind, date } => en_es(
                lang,
                format!("Met: {} on {}", event_name(*kind, lang), d(date)),
                format!("Cumplido: {} el {}", event_name(*kind, lang), d(date)),
            ),
            Step::Manual { date } => en_es(
                lang,
                format!("Entered by hand, due {}; not computed by a rule", d(date)),
                format!("Ingresado a mano, vence el {}; no lo calcula una regla", d(date)),
            ),
        }
    }
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::EventNotForJurisdiction { .. } => "event-not-for-jurisdiction",
            Problem::BeforeArrival { .. } => "event-before-arrival",
            Problem::SeveralEvents { .. } => "several-events",
            Problem::OneYearNotApplied => "one-year-not-applied",
            Problem::ReceivedAfterOneYear { .. } => "received-after-one-year",
            Problem::DetainedHearingFilings => "detained-hearing-filings",
            Problem::OlderEdition { .. } => "older-edition",
            Problem::EadEntryBeforeReceipt { .. } => "ead-entry-before-receipt",
            Problem::EadStopWhileStopped { .. } => "ead-stop-while-stopped",
            Problem::EadStartWithoutStop { .. } => "ead-start-without-stop",
            Problem::EadClockStopped { .. } => "ead-clock-stopped",
            Problem::FilingNotBeforeHearing { .. } => "filing-not-before-hearing",
            Problem::ClosureMovedDeadline { .. } => "closure-moved-deadline",
        }
    }

    pub fn message(&self, lang: Language) -> String {
        let d = |date: &NaiveDate| format_date(*date, lang);
        match self {
            Problem::EventNotForJurisdiction { kind, date } => en_es(
                lang,
                format!("{} on {} does not belong to this case's jurisdiction: no deadline was computed from it.", event_name(*kind, lang), d(date)),
                format!("{} del {} no corresponde a la jurisdicción del caso: no se calculó ningún plazo.", event_name(*kind, lang), d(date)),
            ),
            Problem::BeforeArrival { kind, date, arrival } => en_es(
                lang,
                format!("{} on {} is before the arrival on {}: check both dates.", event_name(*kind, lang), d(date), d(arrival)),
                format!("{} del {} es anterior a la llegada del {}: revise ambas fechas.", event_name(*kind, lang), d(date), d(arrival)),
            ),
            Problem::SeveralEvents { kind } => en_es(
                lang,
                format!("More than one \"{}\" is recorded: only the latest counts.", event_name(*kind, lang)),
                format!("Hay más de un \"{}\": solo cuenta el más reciente.", event_name(*kind, lang)),
            ),
            Problem::OneYearNotApplied => en_es(
                lang,
                "The case has no asylum track: the one-year bar (which does not apply to withholding or CAT) was not computed.".into(),
                "El caso no tiene la vía de asilo: no se calculó el plazo de un año (no aplica a la suspensión de deportación ni a la CAT).".into(),
            ),
            Problem::ReceivedAfterOneYear { due } => en_es(
                lang,
                format!("The I-589 was received after the one-year deadline of {}: record the exception relied on.", d(due)),
                format!("El I-589 se recibió después del plazo de un año del {}: registre la excepción invocada.", d(due)),
            ),
            Problem::DetainedHearingFilings => en_es(
                lang,
                "A client is detained: filing deadlines before hearings are set by the judge. Add them as manual deadlines.".into(),
                "Un cliente está detenido: los plazos antes de las audiencias los fija el juez. Agréguelos como plazos manuales.".into(),
            ),
            Problem::OlderEdition { rule, edition } => en_es(
                lang,
                format!("Rule {} uses its older edition {edition}, chosen for this case: its dates can be later than the current edition's.", rule.as_str()),
                format!("La regla {} usa su edición anterior {edition}, elegida para este caso: sus fechas pueden ser posteriores a las de la edición vigente.", rule.as_str()),
            ),
            Problem::FilingNotBeforeHearing { kind, date } => en_es(
                lang,
                format!("Closures move the filing deadline for the {} on {} to the hearing day or later: no date was computed. Ask the court and add the deadline by hand.", event_name(*kind, lang).to_lowercase(), d(date)),
                format!("Los cierres llevan el plazo de escritos de la {} del {} al día de la audiencia o después: no se calculó. Consulte al tribunal y agregue el plazo a mano.", event_name(*kind, lang).to_lowercase(), d(date)),
            ),
            Problem::ClosureMovedDeadline { rule, closed, due } => en_es(
                lang,
                format!("The closure on {} moved the {} deadline to {}: make sure the closure applies to this case's court or office.", d(closed), rule.as_str(), d(due)),
                format!("El cierre del {} movió el plazo {} al {}: verifique que el cierre corresponda al tribunal u oficina de este caso.", d(closed), rule.as_str(), d(due)),
            ),
            Problem::EadEntryBeforeReceipt { date } => en_es(
                lang,
                format!("The EAD clock entry on {} is before the I-589 was received: work-permit dates were not computed.", d(date)),
                format!("La entrada del reloj del permiso de trabajo del {} es anterior a la recepción del I-589: no se calcularon esas fechas.", d(date)),
            ),
            Problem::EadStopWhileStopped { date } => en_es(
                lang,
                format!("The EAD clock is stopped twice (again on {}) without a restart: work-permit dates were not computed.", d(date)),
                format!("El reloj del permiso de trabajo se detiene dos veces (otra vez el {}) sin reanudarse: no se calcularon esas fechas.", d(date)),
            ),
            Problem::EadStartWithoutStop { date } => en_es(
                lang,
                format!("The EAD clock restarts on {} but was never stopped: work-permit dates were not computed.", d(date)),
                format!("El reloj del permiso de trabajo se reanuda el {} sin haberse detenido: no se calcularon esas fechas.", d(date)),
            ),
            Problem::EadClockStopped { since } => en_es(
                lang,
                format!("The EAD clock has been stopped since {}: work-permit dates will be computed when it restarts.", d(since)),
                format!("El reloj del permiso de trabajo está detenido desde el {}: esas fechas se calcularán cuando se reanude.", d(since)),
            ),
        }
    }

    pub fn to_warning(&self, lang: Language) -> Warning {
        Warning { code: self.code().to_string(), message: self.message(lang) }
    }
}

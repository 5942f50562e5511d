//! Reading the spreadsheets offices keep today (CSV, XLSX, ODS) as plain rows of text,
//! defensively.
//!
//! A sheet is hostile input like a bundle: it may be huge, a zip bomb dressed as `.xlsx`, in an
//! unexpected encoding, or full of formulas. So: the file is at most [`MAX_FILE_BYTES`]; an
//! XLSX or ODS file may not declare more than [`MAX_UNZIPPED_BYTES`] once unzipped (and the zip
//! reader holds each member to its declared size); at most [`MAX_ROWS`] data rows and
//! [`MAX_COLUMNS`] columns are read; and before an XLSX or ODS file reaches the parser, its
//! sheets are scanned for cells placed (or repeated) beyond those limits, which would make the
//! parser allocate the whole empty grid up to them. A cell too long for its field is the
//! importer's row error. CSV is read as UTF-8 (a byte-order mark is skipped), or as
//! Windows-1252 when it is not valid UTF-8, which is how spreadsheet programs in Latin America
//! usually save it. Formulas are not evaluated: XLSX and ODS give the value last computed, CSV
//! gives the text, and the importer refuses text that would run as a formula if exported again.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Error, Result};

pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_UNZIPPED_BYTES: u128 = 128 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLUMNS: usize = 64;

/// A sheet's header row and data rows, every cell as text (dates as `YYYY-MM-DD`), each row
/// as wide as the header at least and numbered as the spreadsheet program shows it (from 1).
/// Empty rows are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
    /// How the text was read: `utf-8`, `windows-1252`, `xlsx` or `ods`.
    pub encoding: &'static str,
}

/// Read the first sheet of a CSV, XLSX or ODS file (chosen by its extension).
pub fn read(path: &Path) -> Result<Table> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let file = File::open(path).map_err(Error::io("read the spreadsheet"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(Error::io("read the spreadsheet"))?;
    read_bytes(bytes, &ext)
}

/// Read a sheet from its bytes; `ext` (lower case) says the format: `csv` (or `txt`), `xlsx`
/// or `ods`.
pub fn read_bytes(bytes: Vec<u8>, ext: &str) -> Result<Table> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::invalid("spreadsheet", "is larger than 32 MB; split it into smaller files"));
    }
    match ext {
        "csv" | "txt" => read_csv(&bytes),
        "xlsx" | "ods" => read_zipped(bytes, ext),
        _ => Err(Error::invalid("spreadsheet", "must be a .csv, .xlsx or .ods file")),
    }
}

/// CSV bytes as a table. The delimiter is a comma, or a semicolon when the header row has more
/// semicolons than commas (spreadsheets set to Spanish write semicolons).
pub fn read_csv(bytes: &[u8]) -> Result<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), "utf-8"),
        Err(_) => (windows_1252(bytes), "windows-1252"),
    };
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let (mut line, mut counted_to) = (1, 0);
    for record in reader.records() {
        let record = record.map_err(|_| Error::invalid("spreadsheet", "is not a readable CSV file"))?;
        // The line the record starts on, as a spreadsheet program numbers it (blank lines
        // before it included, which the CSV reader skips).
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).min(text.len());
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start].iter().filter(|&&b| b == b'\n').count();
        counted_to = start;
        rows.push((line, record.iter().take(MAX_COLUMNS).map(str::to_string).collect::<Vec<_>>()));
        if rows.len() > MAX_ROWS + 1 {
            return Err(too_many_rows());
        }
    }
    table(rows, encoding)
}

fn too_many_rows() -> Error {
    Error::invalid("spreadsheet", "has more than 100,000 rows; split it into smaller files")
}

fn read_zipped(bytes: Vec<u8>, ext: &str) -> Result<Table> {
    let not_readable = || Error::invalid("spreadsheet", "is not a readable XLSX or ODS file");
    let archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(|_| not_readable())?;
    match archive.decompressed_size() {
        Some(n) if n <= MAX_UNZIPPED_BYTES => {}
        Some(_) => {
            return Err(Error::invalid("spreadsheet", "unpacks to more than 128 MB; split it into smaller files"))
        }
        None => return Err(not_readable()),
    }
    check_extent(&bytes, ext)?;
    let range = match ext {
        "xlsx" => calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
            .map_err(|_| not_readable())?
            .worksheet_range_at(0)
            .ok_or_else(not_readable)?
            .map_err(|_| not_readable())?,
        _ => calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes))
            .map_err(|_| not_readable())?
            .worksheet_range_at(0)
            .ok_or_else(not_readable)?
            .map_err(|_| not_readable())?,
    };
    if range.height() > MAX_ROWS + 1 {
        return Err(too_many_rows());
    }
    let first = range.start().map_or(0, |(row, _)| row as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| (first + i + 1, r.iter().take(MAX_COLUMNS).map(cell_text).collect()))
        .collect();
    table(rows, if ext == "xlsx" { "xlsx" } else { "ods" })
}

/// Refuse an XLSX or ODS whose sheets place or repeat cells beyond [`MAX_ROWS`] and
/// [`MAX_COLUMNS`]: the parser sizes its grid by the furthest cell (or repeats a cell's text),
/// so a few bytes could ask for gigabytes. Reads each sheet member within its declared size.
fn check_extent(bytes: &[u8], ext: &str) -> Result<()> {
    let too_big =
        || Error::invalid("spreadsheet", "has cells beyond row 100,001 or column 64; copy the data to a new sheet");
    let not_readable = || Error::invalid("spreadsheet", "is not a readable XLSX or ODS file");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_readable())?;
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).map_err(|_| not_readable())?;
        let name = member.name().map_err(|_| not_readable())?.to_string();
        let is_sheet = if ext == "xlsx" { name.starts_with("xl/worksheets/") } else { name == "content.xml" };
        if !is_sheet {
            continue;
        }
        let mut xml = Vec::new();
        member.read_to_end(&mut xml).map_err(|_| not_readable())?;
        let fits = if ext == "xlsx" { xlsx_extent_fits(&xml) } else { ods_extent_fits(&xml) };
        if !fits {
            return Err(too_big());
        }
    }
    Ok(())
}

/// Every cell reference (`r="BL100001"`) and dimension in an XLSX sheet within the limits.
fn xlsx_extent_fits(xml: &[u8]) -> bool {
    let fits = |reference: &[u8]| {
        let letters = reference.iter().take_while(|b| b.is_ascii_uppercase()).count();
        let column = reference[..letters]
            .iter()
            .fold(0usize, |acc, b| acc.saturating_mul(26).saturating_add(usize::from(b - b'A') + 1));
        let row =
            std::str::from_utf8(&reference[letters..]).ok().and_then(|d| d.parse::<usize>().ok()).unwrap_or(usize::MAX);
        column <= MAX_COLUMNS && row <= MAX_ROWS + 1
    };
    // Cells (`<c r="B7">`) and rows (`<row r="7">`, no letters) alike.
    attribute_values(xml, b" r=\"").all(fits)
        && attribute_values(xml, b"<dimension ref=\"").all(|v| v.split(|&b| b == b':').all(fits))
}

/// No cell with content repeated past the column limit, no row with content repeated past
/// the row limit (LibreOffice repeats empty cells and rows to the sheet's end: those are fine).
fn ods_extent_fits(xml: &[u8]) -> bool {
    let number = |v: &[u8]| std::str::from_utf8(v).ok().and_then(|d| d.parse::<usize>().ok()).unwrap_or(usize::MAX);
    for (attribute, limit, end) in [
        (b"number-columns-repeated=\"".as_slice(), MAX_COLUMNS, b"</table:table-cell>".as_slice()),
        (b"number-rows-repeated=\"".as_slice(), MAX_ROWS, b"</table:table-row>".as_slice()),
    ] {
        let mut at = 0;
        while let Some(found) = find(&xml[at..], attribute) {
            let start = at + found + attribute.len();
            let value_end = find(&xml[start..], b"\"").map_or(xml.len(), |e| start + e);
            at = value_end;
            if number(&xml[start..value_end]) <= limit {
                continue;
            }
            // Empty when the element closes itself, or holds no paragraph before it ends.
            let tag_end = find(&xml[value_end..], b">").map_or(xml.len(), |e| value_end + e);
            if xml[..tag_end].ends_with(b"/") {
                continue;
            }
            let body_end = find(&xml[tag_end..], end).map_or(xml.len(), |e| tag_end + e);
            if find(&xml[tag_end..body_end], b"<text:p").is_some() {
                return false;
            }
        }
    }
    true
}

/// The values of an attribute (given with its opening quote), wherever it appears.
fn attribute_values<'a>(xml: &'a [u8], attribute: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut at = 0;
    std::iter::from_fn(move || {
        let found = find(&xml[at..], attribute)?;
        let start = at + found + attribute.len();
        let end = find(&xml[start..], b"\"").map_or(xml.len(), |e| start + e);
        at = end;
        Some(&xml[start..end])
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A cell as text: numbers without a trailing `.0`, dates as `YYYY-MM-DD`, errors empty.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|d| d.date().to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// The first non-empty row is the header; empty rows are left out.
fn table(rows: Vec<(usize, Vec<String>)>, encoding: &'static str) -> Result<Table> {
    let mut rows = rows
        .into_iter()
        .map(|(n, r)| (n, r.into_iter().map(|c| c.trim().to_string()).collect::<Vec<_>>()))
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()));
    let (_, headers) = rows.next().ok_or(Error::invalid("spreadsheet", "is empty"))?;
    let width = headers.len();
    let rows = rows
        .map(|(n, mut r)| {
            r.resize(width.max(r.len()), String::new());
            (n, r)
        })
        .collect();
    Ok(Table { headers, rows, encoding })
}

/// Windows-1252 to text (Latin-1 with printable characters in 0x80–0x9F).
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            b => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_bom_semicolons_and_windows_1252() {
        let t = read_csv("\u{feff}Nombre;Fecha\nJosé Pérez;1990-01-02\n\n;\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["Nombre", "Fecha"]);
        assert_eq!(t.rows, [(2, vec!["José Pérez".to_string(), "1990-01-02".to_string()])]);
        assert_eq!(t.encoding, "utf-8");
        let t = read_csv(b"Name,Note\nJos\xe9 P\xe9rez,\x93quoted\x94\n").unwrap();
        assert_eq!(t.rows[0].1, ["José Pérez", "“quoted”"]);
        assert_eq!(t.encoding, "windows-1252");
    }

    #[test]
    fn empty_and_ragged_sheets() {
        assert!(read_csv(b"").is_err());
        assert!(read_csv(b"\n\n,,\n").is_err());
        let t = read_csv(b"\n,\na,b,c\n\n1\n1,2,3,4\n").unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.0).collect();
        assert_eq!(numbers, [5, 6], "numbered as the spreadsheet program shows them");
        assert_eq!(t.rows[0].1, ["1", "", ""]);
        assert_eq!(t.rows[1].1, ["1", "2", "3", "4"]);
    }

    #[test]
    fn too_many_rows_is_refused_without_reading_them_all() {
        let mut big = b"name\n".to_vec();
        for _ in 0..(MAX_ROWS + 5) {
            big.extend_from_slice(b"x\n");
        }
        assert_eq!(read_csv(&big).unwrap_err().code(), "invalid-input");
    }
}

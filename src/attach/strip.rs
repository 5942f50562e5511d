//! Streaming removal of embedded metadata from JPEG and PNG attachments.
//!
//! # Why
//!
//! Photos attached to a case as evidence routinely carry metadata that the
//! person who took them never meant to share: GPS coordinates of where they
//! were taken (which, for an asylum seeker, can point to a hiding place, a
//! route or relatives left behind), the camera or phone serial number, the
//! owner's name, editing software, timestamps, and embedded thumbnails that
//! may show the uncropped original. None of that is needed to show the
//! picture, so it is removed before the attachment is stored.
//!
//! # What is removed
//!
//! * **JPEG** (detected by the `FF D8 FF` magic): APP1 (EXIF and XMP,
//!   including EXIF thumbnails), APP13 (Photoshop IRB / IPTC), every other
//!   APPn from APP2 to APP15, COM comments, APP0 segments that are not JFIF
//!   (e.g. `JFXX` extension thumbnails), and any bytes after the EOI marker
//!   (where phones append secondary images with their own EXIF, or where
//!   data can be hidden). Fill bytes (`FF FF ...`) before markers are
//!   dropped as well; they carry no information.
//! * **PNG** (detected by the 8-byte signature): `eXIf`, `tEXt`, `zTXt`,
//!   `iTXt`, `tIME`, every private ancillary chunk (first and second letter
//!   of the type lowercase, e.g. vendor chunks) except the APNG chunks, and
//!   any bytes after `IEND`.
//!
//! Each removed segment/chunk counts as one removal; trailing data after the
//! end marker counts as one removal.
//!
//! # What is kept
//!
//! * **JPEG**: APP0 JFIF, APP2 ICC profiles (`ICC_PROFILE\0`), APP14 `Adobe`
//!   (needed for correct colour transforms), and every non-APP segment (DQT,
//!   DHT, SOFn, DRI, SOS, DNL, ...) byte for byte, as well as the
//!   entropy-coded scan data (including byte stuffing and RSTn markers).
//!   Segments between the scans of a progressive JPEG are filtered with the
//!   same rules.
//! * **PNG**: all critical chunks, the public ancillary chunks (`gAMA`,
//!   `cHRM`, `sRGB`, `iCCP`, `pHYs`, `tRNS`, `bKGD`, `sBIT`, ...), and the
//!   APNG chunks `acTL`, `fcTL`, `fdAT`, each copied with its original CRC.
//!
//! Any other input (including a file too short to be recognised) is copied
//! byte for byte and reported as [`StripOutcome::NotApplicable`].
//!
//! # Properties and limits
//!
//! * Streaming: memory use is a few fixed buffers regardless of file size;
//!   no allocation depends on a length read from the file.
//! * Hostile input: a JPEG/PNG that is truncated or structurally malformed
//!   yields an [`io::ErrorKind::InvalidData`] error whose message never
//!   contains file content. Every loop iteration consumes input, so the
//!   stripper always terminates. It never panics.
//! * On error, `output` may already hold a prefix of the stripped stream;
//!   the caller must discard it. Removed metadata is never written, not even
//!   partially: the decision to drop is made before any byte of a segment is
//!   written.
//! * On success the input has been read to its end.
//! * Not covered: metadata inside kept structures (e.g. the description and
//!   copyright text of an ICC profile, the image pixels themselves, or
//!   steganography), and other formats (HEIC, TIFF, WebP, PDF, video, ...),
//!   which are passed through unchanged as `NotApplicable`. The PNG CRCs are
//!   not verified (kept chunks keep their CRC, so a decoder can still check).

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

/// What the stripper did, recorded with the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripOutcome {
    /// The file was recognised as JPEG or PNG and metadata segments/chunks
    /// were removed (count may be 0 if none were present).
    Stripped { format: ImageFormat, removed: u32 },
    /// Not a format we strip (copied byte for byte).
    NotApplicable,
}

/// Image formats the stripper understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
}

impl ImageFormat {
    /// Stable lowercase name, suitable for storing alongside the document.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
        }
    }
}

/// Size of the fixed read and write buffers.
const BUF_SIZE: usize = 64 * 1024;

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Largest chunk length allowed by the PNG specification (2^31 - 1).
const PNG_MAX_CHUNK_LEN: u32 = 0x7FFF_FFFF;

/// Copy `input` to `output`, removing metadata when the input is a JPEG or
/// PNG. Detection is by magic bytes, not by name.
///
/// A JPEG/PNG whose structure is malformed (including truncation) returns an
/// error of kind [`io::ErrorKind::InvalidData`]; in that case whatever was
/// already written to `output` must be discarded. I/O errors of `input` or
/// `output` are passed through unchanged.
pub fn strip_metadata<R: Read, W: Write>(mut input: R, mut output: W) -> io::Result<StripOutcome> {
    let mut head = [0u8; 8];
    let head_len = read_up_to(&mut input, &mut head)?;
    let head = &head[..head_len];

    let format = if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ImageFormat::Jpeg
    } else if head == PNG_SIGNATURE {
        ImageFormat::Png
    } else {
        output.write_all(head)?;
        io::copy(&mut input, &mut output)?;
        output.flush()?;
        return Ok(StripOutcome::NotApplicable);
    };

    let mut reader = BufReader::with_capacity(BUF_SIZE, head.chain(input));
    let mut writer = BufWriter::with_capacity(BUF_SIZE, output);
    let removed = match format {
        ImageFormat::Jpeg => strip_jpeg(&mut reader, &mut writer)?,
        ImageFormat::Png => strip_png(&mut reader, &mut writer)?,
    };
    writer.flush()?;
    Ok(StripOutcome::Stripped { format, removed })
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

fn malformed(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// Read until `buf` is full or the input ends; returns the number of bytes read.
fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// `read_exact`, with a premature end of input reported as `InvalidData`.
fn read_exact_or<R: Read>(r: &mut R, buf: &mut [u8], truncated: &'static str) -> io::Result<()> {
    r.read_exact(buf).map_err(|e| if e.kind() == io::ErrorKind::UnexpectedEof { malformed(truncated) } else { e })
}

fn read_u8_or<R: Read>(r: &mut R, truncated: &'static str) -> io::Result<u8> {
    let mut b = [0u8; 1];
    read_exact_or(r, &mut b, truncated)?;
    Ok(b[0])
}

/// `fill_buf`, retrying on `Interrupted`.
fn fill<R: BufRead>(r: &mut R) -> io::Result<&[u8]> {
    loop {
        match r.fill_buf() {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    r.fill_buf()
}

/// Copy exactly `len` bytes from `r` to `w` through a fixed buffer.
fn copy_exact<R: BufRead, W: Write>(r: &mut R, w: &mut W, len: u64, truncated: &'static str) -> io::Result<()> {
    let copied = io::copy(&mut r.take(len), w)?;
    if copied == len {
        Ok(())
    } else {
        Err(malformed(truncated))
    }
}

/// Discard exactly `len` bytes of `r`.
fn skip_exact<R: BufRead>(r: &mut R, len: u64, truncated: &'static str) -> io::Result<()> {
    copy_exact(r, &mut io::sink(), len, truncated)
}

/// Consume whatever follows the end marker; returns whether there was any.
fn discard_trailing<R: BufRead>(r: &mut R) -> io::Result<bool> {
    Ok(io::copy(r, &mut io::sink())? > 0)
}

// ---------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------

const JPEG_TRUNCATED: &str = "JPEG: truncated input";

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const TEM: u8 = 0x01;
const APP0: u8 = 0xE0;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;

/// Longest APPn identifier we need to look at (`ICC_PROFILE\0`).
const APP_ID_LEN: usize = 12;

/// Returns the number of removed segments (plus one for trailing data).
fn strip_jpeg<R: BufRead, W: Write>(r: &mut R, w: &mut W) -> io::Result<u32> {
    let mut soi = [0u8; 2];
    read_exact_or(r, &mut soi, JPEG_TRUNCATED)?;
    if soi != [0xFF, SOI] {
        return Err(malformed("JPEG: missing start-of-image marker"));
    }
    w.write_all(&soi)?;

    let mut removed: u32 = 0;
    // Marker that ended an entropy-coded scan, still to be processed.
    let mut pending: Option<u8> = None;
    loop {
        let marker = match pending.take() {
            Some(m) => m,
            None => read_marker(r)?,
        };
        match marker {
            EOI => {
                w.write_all(&[0xFF, EOI])?;
                break;
            }
            // Standalone markers without a length field.
            TEM | 0xD0..=0xD7 => w.write_all(&[0xFF, marker])?,
            // 0xFF00 is only valid inside entropy-coded data; a second SOI is
            // not valid anywhere.
            0x00 | SOI => return Err(malformed("JPEG: unexpected marker")),
            _ => {
                let mut len_bytes = [0u8; 2];
                read_exact_or(r, &mut len_bytes, JPEG_TRUNCATED)?;
                let len = u16::from_be_bytes(len_bytes);
                if len < 2 {
                    return Err(malformed("JPEG: invalid segment length"));
                }
                let payload = usize::from(len - 2);

                let mut id = [0u8; APP_ID_LEN];
                let id_len = if matches!(marker, APP0 | APP2 | APP14) { payload.min(APP_ID_LEN) } else { 0 };
                let id = &mut id[..id_len];
                read_exact_or(r, id, JPEG_TRUNCATED)?;
                // Both values are at most 65533, the conversion is lossless.
                let rest = (payload - id_len) as u64;

                if keep_jpeg_segment(marker, id) {
                    w.write_all(&[0xFF, marker])?;
                    w.write_all(&len_bytes)?;
                    w.write_all(id)?;
                    copy_exact(r, w, rest, JPEG_TRUNCATED)?;
                    if marker == SOS {
                        pending = Some(copy_entropy_coded(r, w)?);
                    }
                } else {
                    skip_exact(r, rest, JPEG_TRUNCATED)?;
                    removed = removed.saturating_add(1);
                }
            }
        }
    }

    if discard_trailing(r)? {
        removed = removed.saturating_add(1);
    }
    Ok(removed)
}

/// Read a marker (`FF xx`, with any number of `FF` fill bytes) and return `xx`.
fn read_marker<R: BufRead>(r: &mut R) -> io::Result<u8> {
    if read_u8_or(r, JPEG_TRUNCATED)? != 0xFF {
        return Err(malformed("JPEG: expected a marker"));
    }
    skip_fill_bytes(r)
}

/// After an `FF`, skip further `FF` fill bytes and return the marker code.
/// Terminates because every iteration consumes one byte.
fn skip_fill_bytes<R: BufRead>(r: &mut R) -> io::Result<u8> {
    loop {
        let b = read_u8_or(r, JPEG_TRUNCATED)?;
        if b != 0xFF {
            return Ok(b);
        }
    }
}

/// Whether a marker segment (with the first bytes of its payload) is kept.
fn keep_jpeg_segment(marker: u8, id: &[u8]) -> bool {
    match marker {
        APP0 => id.starts_with(b"JFIF\0"),
        APP2 => id == b"ICC_PROFILE\0",
        APP14 => id.starts_with(b"Adobe"),
        // APP1 (EXIF/XMP), APP3..APP13 (incl. Photoshop IRB/IPTC), APP15.
        0xE1..=0xEF => false,
        COM => false,
        _ => true,
    }
}

/// Copy entropy-coded scan data verbatim up to the next marker that is not
/// part of it (byte stuffing `FF 00` and restart markers `FF D0..D7` are
/// copied). Returns that marker's code, which has been consumed.
fn copy_entropy_coded<R: BufRead, W: Write>(r: &mut R, w: &mut W) -> io::Result<u8> {
    loop {
        let buf = fill(r)?;
        if buf.is_empty() {
            return Err(malformed(JPEG_TRUNCATED));
        }
        match buf.iter().position(|&b| b == 0xFF) {
            None => {
                let n = buf.len();
                w.write_all(buf)?;
                r.consume(n);
            }
            Some(i) => {
                w.write_all(&buf[..i])?;
                r.consume(i + 1);
                let code = skip_fill_bytes(r)?;
                match code {
                    0x00 | 0xD0..=0xD7 => w.write_all(&[0xFF, code])?,
                    _ => return Ok(code),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------

const PNG_TRUNCATED: &str = "PNG: truncated input";

/// Returns the number of removed chunks (plus one for trailing data).
fn strip_png<R: BufRead, W: Write>(r: &mut R, w: &mut W) -> io::Result<u32> {
    let mut sig = [0u8; 8];
    read_exact_or(r, &mut sig, PNG_TRUNCATED)?;
    if sig != PNG_SIGNATURE {
        return Err(malformed("PNG: bad signature"));
    }
    w.write_all(&sig)?;

    let mut removed: u32 = 0;
    let mut first = true;
    loop {
        let mut header = [0u8; 8];
        read_exact_or(r, &mut header, PNG_TRUNCATED)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = [header[4], header[5], header[6], header[7]];
        if len > PNG_MAX_CHUNK_LEN {
            return Err(malformed("PNG: chunk length out of range"));
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(malformed("PNG: invalid chunk type"));
        }
        if first && &kind != b"IHDR" {
            return Err(malformed("PNG: first chunk is not IHDR"));
        }
        first = false;

        // Chunk data followed by the 4-byte CRC.
        let rest = u64::from(len) + 4;
        if keep_png_chunk(&kind) {
            w.write_all(&header)?;
            copy_exact(r, w, rest, PNG_TRUNCATED)?;
        } else {
            skip_exact(r, rest, PNG_TRUNCATED)?;
            removed = removed.saturating_add(1);
        }
        if &kind == b"IEND" {
            break;
        }
    }

    if discard_trailing(r)? {
        removed = removed.saturating_add(1);
    }
    Ok(removed)
}

/// Whether a PNG chunk of the given type is kept.
fn keep_png_chunk(kind: &[u8; 4]) -> bool {
    match kind {
        b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME" => false,
        // APNG: registered after the fact, despite the "private" bit.
        b"acTL" | b"fcTL" | b"fdAT" => true,
        // Private ancillary chunks (vendor data of unknown content).
        _ => !(kind[0].is_ascii_lowercase() && kind[1].is_ascii_lowercase()),
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const GPS_CANARY: &[u8] = b"GPS-CANARY-9921";

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn strip(input: &[u8]) -> io::Result<(StripOutcome, Vec<u8>)> {
        let mut out = Vec::new();
        let outcome = strip_metadata(input, &mut out)?;
        Ok((outcome, out))
    }

    fn strip_err_kind(input: &[u8]) -> io::ErrorKind {
        match strip(input) {
            Ok(r) => panic!("expected an error, got {:?}", r.0),
            Err(e) => e.kind(),
        }
    }

    /// Yields at most one byte per `read` call.
    struct OneByteReader<R>(R);

    impl<R: Read> Read for OneByteReader<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if buf.is_empty() {
                return Ok(0);
            }
            self.0.read(&mut buf[..1])
        }
    }

    /// Fails every other call with `Interrupted`, then yields up to 3 bytes.
    struct InterruptingReader<R> {
        inner: R,
        toggle: bool,
    }

    impl<R: Read> Read for InterruptingReader<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.toggle = !self.toggle;
            if self.toggle {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "again"));
            }
            let n = buf.len().min(3);
            self.inner.read(&mut buf[..n])
        }
    }

    /// Counts bytes and keeps a cheap checksum instead of storing them.
    #[derive(Default)]
    struct CountingWriter {
        len: u64,
        sum: u64,
    }

    impl Write for CountingWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            for &b in buf {
                self.sum = self.sum.wrapping_mul(31).wrapping_add(u64::from(b));
            }
            self.len += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    // --- JPEG builders -----------------------------------------------------

    fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
        let len = u16::try_from(payload.len() + 2).unwrap();
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&len.to_be_bytes());
        v.extend_from_slice(payload);
        v
    }

    fn app0_jfif() -> Vec<u8> {
        seg(0xE0, b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x00\x00")
    }

    fn app1_exif() -> Vec<u8> {
        let mut p = b"Exif\0\0MM\0*".to_vec();
        p.extend_from_slice(GPS_CANARY);
        seg(0xE1, &p)
    }

    fn app2_icc() -> Vec<u8> {
        seg(0xE2, b"ICC_PROFILE\0\x01\x01fake-icc-profile")
    }

    fn app14_adobe() -> Vec<u8> {
        seg(0xEE, b"Adobe\0\x64\0\0\0\0\x01")
    }

    fn dqt() -> Vec<u8> {
        let mut p = vec![0u8];
        p.extend((1..=64u8).collect::<Vec<_>>());
        seg(0xDB, &p)
    }

    fn sof0() -> Vec<u8> {
        seg(0xC0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0])
    }

    fn dht() -> Vec<u8> {
        let mut p = vec![0x00];
        p.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        p.push(0);
        seg(0xC4, &p)
    }

    fn dri() -> Vec<u8> {
        seg(0xDD, &[0, 4])
    }

    fn sos() -> Vec<u8> {
        seg(0xDA, &[1, 1, 0, 0, 63, 0])
    }

    /// Entropy-coded bytes with byte stuffing and a restart marker.
    fn entropy() -> Vec<u8> {
        vec![0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0xFF, 0x00, 0xFF, 0x00, 0x9A, 0xFF, 0xD7, 0xBC]
    }

    fn concat(parts: &[Vec<u8>]) -> Vec<u8> {
        parts.concat()
    }

    /// (input, expected output); 5 removals: APP1, COM, APP13, APP0 JFXX, APP2 non-ICC.
    fn sample_jpeg() -> (Vec<u8>, Vec<u8>) {
        let soi = vec![0xFF, 0xD8];
        let eoi = vec![0xFF, 0xD9];
        let input = concat(&[
            soi.clone(),
            app0_jfif(),
            app1_exif(),
            seg(0xE0, b"JFXX\0\x13thumbnail-GPS-CANARY-9921"),
            seg(0xFE, b"comment GPS-CANARY-9921"),
            app2_icc(),
            seg(0xE2, b"MPF\0GPS-CANARY-9921"),
            seg(0xED, b"Photoshop 3.0\08BIM GPS-CANARY-9921"),
            app14_adobe(),
            dqt(),
            sof0(),
            dht(),
            dri(),
            sos(),
            entropy(),
            eoi.clone(),
        ]);
        let expected =
            concat(&[soi, app0_jfif(), app2_icc(), app14_adobe(), dqt(), sof0(), dht(), dri(), sos(), entropy(), eoi]);
        (input, expected)
    }

    // --- PNG builders ------------------------------------------------------

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut v = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        // CRC is not verified by the stripper; any value is fine here.
        v.extend_from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]);
        v
    }

    fn ihdr() -> Vec<u8> {
        chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    }

    /// (input, expected output); 5 removals: tEXt, eXIf, tIME, prVt, trailing data.
    fn sample_png() -> (Vec<u8>, Vec<u8>) {
        let sig = PNG_SIGNATURE.to_vec();
        let input = concat(&[
            sig.clone(),
            ihdr(),
            chunk(b"tEXt", b"Author\0CANARY"),
            chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            chunk(b"eXIf", &[b"MM\0*".as_slice(), GPS_CANARY].concat()),
            chunk(b"tIME", &[7, 0xE8, 1, 2, 3, 4, 5]),
            chunk(b"prVt", b"vendor GPS-CANARY-9921"),
            chunk(b"acTL", &[0, 0, 0, 1, 0, 0, 0, 0]),
            chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1]),
            chunk(b"IEND", &[]),
            b"trailing junk GPS-CANARY-9921".to_vec(),
        ]);
        let expected = concat(&[
            sig,
            ihdr(),
            chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            chunk(b"acTL", &[0, 0, 0, 1, 0, 0, 0, 0]),
            chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1]),
            chunk(b"IEND", &[]),
        ]);
        (input, expected)
    }

    // --- JPEG tests --------------------------------------------------------

    #[test]
    fn jpeg_metadata_removed_and_structure_kept() {
        let (input, expected) = sample_jpeg();
        assert!(contains(&input, GPS_CANARY));
        let (outcome, out) = strip(&input).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 5 });
        assert!(!contains(&out, GPS_CANARY));
        assert!(!contains(&out, b"Exif"));
        assert!(!contains(&out, b"comment"));
        assert_eq!(out, expected);
    }

    #[test]
    fn jpeg_without_metadata_is_unchanged() {
        let (_, clean) = sample_jpeg();
        let (outcome, out) = strip(&clean).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 0 });
        assert_eq!(out, clean);
    }

    #[test]
    fn jpeg_fill_bytes_and_standalone_markers() {
        let input = concat(&[
            vec![0xFF, 0xD8, 0xFF, 0xFF],
            app1_exif(),
            vec![0xFF, 0xFF, 0xFF],
            dqt(),
            vec![0xFF, 0x01], // TEM
            sof0(),
            sos(),
            entropy(),
            vec![0xFF, 0xFF, 0xD9], // fill byte before EOI inside scan data
        ]);
        let expected = concat(&[vec![0xFF, 0xD8], dqt(), vec![0xFF, 0x01], sof0(), sos(), entropy(), vec![0xFF, 0xD9]]);
        let (outcome, out) = strip(&input).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 1 });
        assert_eq!(out, expected);
    }

    #[test]
    fn jpeg_progressive_segments_between_scans_are_filtered() {
        let input = concat(&[
            vec![0xFF, 0xD8],
            dqt(),
            seg(0xC2, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
            dht(),
            sos(),
            entropy(),
            dht(),
            app1_exif(),
            seg(0xFE, b"GPS-CANARY-9921"),
            sos(),
            entropy(),
            vec![0xFF, 0xD9],
        ]);
        let expected = concat(&[
            vec![0xFF, 0xD8],
            dqt(),
            seg(0xC2, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
            dht(),
            sos(),
            entropy(),
            dht(),
            sos(),
            entropy(),
            vec![0xFF, 0xD9],
        ]);
        let (outcome, out) = strip(&input).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 2 });
        assert_eq!(out, expected);
    }

    #[test]
    fn jpeg_trailing_data_after_eoi_is_removed() {
        let (input, expected) = sample_jpeg();
        // e.g. an appended secondary image with its own EXIF.
        let mut appended = vec![0xFF, 0xD8];
        appended.extend(app1_exif());
        appended.extend([0xFF, 0xD9]);
        let input = [input, appended].concat();
        let (outcome, out) = strip(&input).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 6 });
        assert_eq!(out, expected);
        assert!(!contains(&out, GPS_CANARY));
    }

    #[test]
    fn jpeg_tables_only_stream() {
        let input = concat(&[vec![0xFF, 0xD8], dqt(), dht(), vec![0xFF, 0xD9]]);
        let (_, out) = strip(&input).unwrap();
        assert_eq!(out, input);
    }

    #[test]
    fn jpeg_truncated_anywhere_is_invalid_data() {
        let (input, _) = sample_jpeg();
        for cut in 3..input.len() {
            let err = strip(&input[..cut]).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "cut at {cut}");
            assert!(!err.to_string().contains("CANARY"));
        }
    }

    #[test]
    fn jpeg_segment_length_below_two_is_invalid_data() {
        for len in [0u8, 1] {
            let input = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, len, b'E', b'x', b'i', b'f'];
            assert_eq!(strip_err_kind(&input), io::ErrorKind::InvalidData);
            let input = [0xFF, 0xD8, 0xFF, 0xDB, 0x00, len, 0, 0, 0, 0];
            assert_eq!(strip_err_kind(&input), io::ErrorKind::InvalidData);
        }
    }

    #[test]
    fn jpeg_segment_length_two_is_accepted() {
        let input = concat(&[vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xE0, 0x00, 0x02], vec![0xFF, 0xD9]]);
        let (outcome, out) = strip(&input).unwrap();
        // Empty APP1 and an APP0 that is not JFIF are both removed.
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 2 });
        assert_eq!(out, [0xFF, 0xD8, 0xFF, 0xD9]);
    }

    #[test]
    fn jpeg_structural_errors_are_invalid_data() {
        let cases: Vec<Vec<u8>> = vec![
            // Garbage where a marker is expected.
            concat(&[vec![0xFF, 0xD8], dqt(), vec![0x00, 0x12, 0xFF, 0xD9]]),
            // Nested SOI.
            vec![0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xD9],
            // FF 00 outside entropy-coded data.
            vec![0xFF, 0xD8, 0xFF, 0x00, 0xFF, 0xD9],
            // Scan data never terminated.
            concat(&[vec![0xFF, 0xD8], sos(), entropy()]),
            // Only fill bytes.
            [vec![0xFF, 0xD8], vec![0xFF; 100_000]].concat(),
            // Segment length larger than the file.
            vec![0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, b'E', b'x', b'i', b'f'],
        ];
        for (i, input) in cases.iter().enumerate() {
            let err = strip(input).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "case {i}");
        }
    }

    // --- PNG tests ---------------------------------------------------------

    #[test]
    fn png_metadata_removed_and_chunks_kept() {
        let (input, expected) = sample_png();
        let (outcome, out) = strip(&input).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Png, removed: 5 });
        assert!(!contains(&out, b"CANARY"));
        assert!(!contains(&out, b"Author"));
        assert!(!contains(&out, b"junk"));
        assert_eq!(out, expected);
    }

    #[test]
    fn png_without_metadata_is_unchanged() {
        let (_, clean) = sample_png();
        let (outcome, out) = strip(&clean).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Png, removed: 0 });
        assert_eq!(out, clean);
    }

    #[test]
    fn png_chunk_policy() {
        for kind in [
            b"IHDR", b"PLTE", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"pHYs", b"tRNS", b"bKGD", b"sBIT",
            b"acTL", b"fcTL", b"fdAT", b"hIST", b"zZzz",
        ] {
            assert!(keep_png_chunk(kind), "{}", String::from_utf8_lossy(kind));
        }
        for kind in [b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME", b"prVt", b"caBX", b"zzZZ"] {
            assert!(!keep_png_chunk(kind), "{}", String::from_utf8_lossy(kind));
        }
    }

    #[test]
    fn png_truncated_anywhere_is_invalid_data() {
        let (_, clean) = sample_png();
        for cut in 8..clean.len() {
            let err = strip(&clean[..cut]).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "cut at {cut}");
        }
    }

    #[test]
    fn png_structural_errors_are_invalid_data() {
        let sig = PNG_SIGNATURE.to_vec();
        let mut huge = ihdr();
        huge.extend_from_slice(&0x8000_0000u32.to_be_bytes());
        huge.extend_from_slice(b"IDAT");
        let mut huge_max = ihdr();
        huge_max.extend_from_slice(&u32::MAX.to_be_bytes());
        huge_max.extend_from_slice(b"tEXt");
        let cases: Vec<Vec<u8>> = vec![
            concat(&[sig.clone(), huge]),
            concat(&[sig.clone(), huge_max]),
            // Non-letter chunk type.
            concat(&[sig.clone(), ihdr(), chunk(b"ID\0T", &[1]), chunk(b"IEND", &[])]),
            // First chunk is not IHDR.
            concat(&[sig.clone(), chunk(b"tEXt", b"a\0b"), ihdr(), chunk(b"IEND", &[])]),
            // Length larger than the rest of the file (dropped chunk).
            concat(&[sig.clone(), ihdr(), chunk(b"tEXt", b"x")[..8].to_vec(), vec![0; 3]]),
        ];
        for (i, input) in cases.iter().enumerate() {
            let err = strip(input).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "case {i}");
        }
    }

    #[test]
    fn png_max_length_is_not_preallocated() {
        // A length of 2^31-1 is accepted up front but the data is missing; it
        // must fail as truncated without trying to allocate 2 GB.
        let mut input = PNG_SIGNATURE.to_vec();
        input.extend(ihdr());
        input.extend_from_slice(&PNG_MAX_CHUNK_LEN.to_be_bytes());
        input.extend_from_slice(b"IDAT");
        input.extend_from_slice(&[0; 16]);
        assert_eq!(strip_err_kind(&input), io::ErrorKind::InvalidData);
    }

    // --- Other inputs ------------------------------------------------------

    #[test]
    fn non_images_are_copied_verbatim() {
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            vec![0xFF],
            vec![0xFF, 0xD8],
            PNG_SIGNATURE[..7].to_vec(),
            b"%PDF-1.7\n GPS-CANARY-9921 trailing".to_vec(),
            b"GIF89a....".to_vec(),
            (0..=255u8).cycle().take(100_000).collect(),
        ];
        for input in cases {
            let (outcome, out) = strip(&input).unwrap();
            assert_eq!(outcome, StripOutcome::NotApplicable);
            assert_eq!(out, input);
        }
    }

    #[test]
    fn one_byte_reader_gives_identical_output() {
        let inputs = [sample_jpeg().0, sample_png().0, b"plain text, not an image".to_vec()];
        for input in inputs {
            let (outcome, out) = strip(&input).unwrap();
            let mut out2 = Vec::new();
            let outcome2 = strip_metadata(OneByteReader(input.as_slice()), &mut out2).unwrap();
            assert_eq!(outcome, outcome2);
            assert_eq!(out, out2);

            let mut out3 = Vec::new();
            let reader = InterruptingReader { inner: input.as_slice(), toggle: false };
            let outcome3 = strip_metadata(reader, &mut out3).unwrap();
            assert_eq!(outcome, outcome3);
            assert_eq!(out, out3);
        }
        // Truncation is still detected byte by byte.
        let (jpeg, _) = sample_jpeg();
        let err = strip_metadata(OneByteReader(&jpeg[..jpeg.len() - 1]), io::sink()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn large_non_image_streams() {
        const SIZE: u64 = 5 * 1024 * 1024;
        let mut expected = CountingWriter::default();
        io::copy(&mut io::repeat(0x5A).take(SIZE), &mut expected).unwrap();

        let mut out = CountingWriter::default();
        let outcome = strip_metadata(io::repeat(0x5A).take(SIZE), &mut out).unwrap();
        assert_eq!(outcome, StripOutcome::NotApplicable);
        assert_eq!(out.len, SIZE);
        assert_eq!(out.sum, expected.sum);
    }

    #[test]
    fn large_jpeg_streams() {
        const SIZE: u64 = 5 * 1024 * 1024;
        let head = concat(&[vec![0xFF, 0xD8], app1_exif(), dqt(), sof0(), sos()]);
        let tail = [0xFF, 0xD9];
        let input = head.as_slice().chain(io::repeat(0x11).take(SIZE)).chain(tail.as_slice());
        let mut out = CountingWriter::default();
        let outcome = strip_metadata(input, &mut out).unwrap();
        assert_eq!(outcome, StripOutcome::Stripped { format: ImageFormat::Jpeg, removed: 1 });
        let expected_len = head.len() - app1_exif().len() + tail.len();
        assert_eq!(out.len, expected_len as u64 + SIZE);
    }

    #[test]
    fn mutated_inputs_never_panic() {
        // Deterministic xorshift "fuzzing": flip bytes of valid samples and
        // check that the stripper returns (Ok or Err) without panicking and
        // never produces more output than input for a stripped image.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for sample in [sample_jpeg().0, sample_png().0] {
            for _ in 0..2000 {
                let mut input = sample.clone();
                for _ in 0..(next() % 4 + 1) {
                    let i = (next() % input.len() as u64) as usize;
                    input[i] = next() as u8;
                }
                let mut out = Vec::new();
                if let Ok(StripOutcome::Stripped { .. }) = strip_metadata(input.as_slice(), &mut out) {
                    assert!(out.len() <= input.len());
                }
            }
        }
    }

    #[test]
    fn format_names() {
        assert_eq!(ImageFormat::Jpeg.as_str(), "jpeg");
        assert_eq!(ImageFormat::Png.as_str(), "png");
    }
}

//! Alien Registration Numbers ("A-numbers").
//!
//! Printed in many shapes (`A 012-345-678`, `A12345678`, `012345678`); 8-digit legacy numbers get a
//! leading zero. We store the 9-digit form so matching (conflict checks, imports) is exact
//! whatever the formatting of the source.

use crate::error::{Error, Result};

/// Normalise to 9 digits, or refuse.
pub fn normalise(input: &str) -> Result<String> {
    let s = input.trim();
    let s = s.strip_prefix(['A', 'a']).unwrap_or(s);
    let mut digits = String::with_capacity(9);
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '#' => {}
            _ => return Err(Error::invalid("A-number", "may contain only digits (8 or 9)")),
        }
    }
    match digits.len() {
        8 => digits.insert(0, '0'),
        9 => {}
        _ => return Err(Error::invalid("A-number", "must have 8 or 9 digits")),
    }
    if digits.bytes().all(|b| b == b'0') {
        return Err(Error::invalid("A-number", "cannot be all zeros"));
    }
    Ok(digits)
}

/// Display form: `A012-345-678`.
pub fn display(nine: &str) -> String {
    if nine.len() == 9 {
        format!("A{}-{}-{}", &nine[0..3], &nine[3..6], &nine[6..9])
    } else {
        nine.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_shapes_normalise_to_nine_digits() {
        for (input, want) in [
            ("012345678", "012345678"),
            ("12345678", "012345678"),
            ("A12345678", "012345678"),
            ("a 012-345-678", "012345678"),
            ("A# 212.345.678", "212345678"),
            (" 212345678 ", "212345678"),
        ] {
            assert_eq!(normalise(input).unwrap(), want, "{input}");
        }
    }

    #[test]
    fn bad_a_numbers_are_refused() {
        for bad in ["", "1234567", "1234567890", "A12B45678", "000000000", "AA12345678", "١٢٣٤٥٦٧٨"] {
            assert!(matches!(normalise(bad), Err(Error::Invalid { field: "A-number", .. })), "{bad}");
        }
    }

    #[test]
    fn display_form() {
        assert_eq!(display("012345678"), "A012-345-678");
    }
}

//! A1-style cell references, computed from absolute (0-based) sheet positions.

/// 0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD".
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// (13, 2) → "C14".
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_columns() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(a1(13, 2), "C14");
        assert_eq!(a1(1048575, 16383), "XFD1048576");
    }
}

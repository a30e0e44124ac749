//! What a file really is, from its first bytes, whatever its name says.
//!
//! Spreadsheets arrive renamed, exported from web pages as "xls", encrypted, or cut short;
//! each gets its own plain-language message (crate::problem::ReadFailure) instead of a
//! parser's complaint.

/// The container a file's bytes start with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A zip package: xlsx, xlsm, xlsb or ods.
    Zip,
    /// An OLE compound file: xls, or an encrypted xlsx.
    Ole,
    /// A web page or XML spreadsheet saved under a spreadsheet name.
    Markup,
    Empty,
    Unknown,
}

pub fn kind(head: &[u8]) -> Kind {
    if head.is_empty() {
        return Kind::Empty;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Ole;
    }
    let text: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    if text.starts_with(b"<") {
        return Kind::Markup;
    }
    Kind::Unknown
}

/// An OLE file holding an encrypted Office Open XML package (a password-protected xlsx).
pub fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A BIFF (xls) workbook with a FILEPASS record among the first records after BOF: protected
/// with a password. calamine misreports some of these (XOR obfuscation) as a codepage problem.
pub fn is_password_biff(bytes: &[u8]) -> bool {
    // BOF record: type 0x0809, length 16 (BIFF8) or 8 (BIFF5), version 0x0600 / 0x0500.
    for (len, version) in [(16usize, [0x00u8, 0x06]), (8, [0x00, 0x05])] {
        let bof = [0x09, 0x08, len as u8, 0x00, version[0], version[1]];
        let mut start = 0;
        while let Some(pos) = find(&bytes[start..], &bof) {
            let mut at = start + pos + 4 + len;
            for _ in 0..8 {
                let Some(header) = bytes.get(at..at + 4) else {
                    break;
                };
                let kind = u16::from_le_bytes([header[0], header[1]]);
                if kind == 0x002F {
                    return true;
                }
                at += 4 + u16::from_le_bytes([header[2], header[3]]) as usize;
            }
            start += pos + 1;
        }
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind(b""), Kind::Empty);
        assert_eq!(kind(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(kind(b"  <html><table>"), Kind::Markup);
        assert_eq!(kind(b"Attachment"), Kind::Unknown);
    }
}

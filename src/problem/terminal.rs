//! Text on its way to a terminal. Workbook cells, file names and what plugins print are
//! untrusted: a terminal obeys the control characters in them (an escape sequence can erase
//! the line "error: ..." above it, or colour a forged "Finished with no problems."), and some
//! characters cannot be seen at all (a zero-width space, a right-to-left override that shows
//! "xslx.exe" as "exe.xlsx"). So every text printed to a terminal goes through [`visible`],
//! which shows each such character as `<U+202E>`; the stored data (the Problems sheet, the
//! report) keeps the text as it was.
//!
//! Letters of another script hidden in a Latin word are shown the same way: "Сhile" with a
//! Cyrillic С reads as Chile, and "did you mean \"Chile\"?" beside it would make no sense;
//! shown as "<U+0421>hile" the difference is plain.

/// The text with control characters (except line breaks and tabs), invisible characters and
/// letters of a look-alike script inside a Latin word shown as `<U+XXXX>`.
pub fn visible(text: &str) -> String {
    if text
        .chars()
        .all(|c| (' '..='~').contains(&c) || c == '\n' || c == '\t')
    {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if is_word_char(chars[i]) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word = &chars[start..i];
            let mixed = word.iter().any(|&c| is_latin_letter(c))
                && word.iter().any(|&c| is_look_alike_script(c));
            for &c in word {
                if (mixed && is_look_alike_script(c)) || is_hidden(c) {
                    push_code(&mut out, c);
                } else {
                    out.push(c);
                }
            }
            continue;
        }
        let c = chars[i];
        if is_hidden(c) {
            push_code(&mut out, c);
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// The text as lines for a terminal, the first after `first` and each further line (a line
/// break inside the text) indented by `indent`, so that nothing in the text can start a line
/// of its own that looks like one of actionplan's ("error: ...", "Finished with ...").
pub fn lines(first: &str, text: &str, indent: &str) -> String {
    let shown = visible(text);
    let mut out = String::with_capacity(first.len() + shown.len());
    out.push_str(first);
    for (n, line) in shown.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

fn push_code(out: &mut String, c: char) {
    out.push_str(&format!("<U+{:04X}>", c as u32));
}

/// Characters of a word: letters, digits and the marks that combine with them.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A letter of the Latin script (ASCII, the accented letters of Latin-1 and Latin Extended).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F | 0x1E00..=0x1EFF)
}

/// Scripts whose letters look like Latin ones (а, е, о, р, с, х in Cyrillic; ο, ν, Α in
/// Greek; Armenian, Cherokee), and full-width Latin letters.
fn is_look_alike_script(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c as u32,
            0x0370..=0x03FF | 0x1F00..=0x1FFF          // Greek
            | 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F // Cyrillic
            | 0x0531..=0x058F                           // Armenian
            | 0x13A0..=0x13FF | 0xAB70..=0xABBF         // Cherokee
            | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A         // full-width Latin
        )
}

/// Control characters (except line break and tab) and characters that show nothing: format
/// characters (zero-width spaces and joiners, direction marks and overrides, the byte-order
/// mark), the line and paragraph separators, fillers, variation selectors and tags.
fn is_hidden(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return false;
    }
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0x3164
            | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB
            | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_left_as_it_is() {
        for text in [
            "workbooks/states.xlsx, sheet States, cell A2",
            "Côte d'Ivoire, São Tomé and Príncipe, Türkiye",
            "Россия, Ελλάδα, 日本, مصر",
            "a\tb\nc",
            "� is shown as it is",
        ] {
            assert_eq!(visible(text), text);
        }
    }

    #[test]
    fn control_and_invisible_characters_are_shown() {
        assert_eq!(
            visible("\u{1b}[2K\u{1b}[1AFinished"),
            "<U+001B>[2K<U+001B>[1AFinished"
        );
        assert_eq!(visible("a\rb\u{7f}\u{85}"), "a<U+000D>b<U+007F><U+0085>");
        assert_eq!(visible("report\u{202e}xslx.exe"), "report<U+202E>xslx.exe");
        assert_eq!(
            visible("Nor\u{200b}way\u{feff}\u{2066}\u{2028}"),
            "Nor<U+200B>way<U+FEFF><U+2066><U+2028>"
        );
        assert_eq!(visible("soft\u{ad}hyphen"), "soft<U+00AD>hyphen");
        assert_eq!(visible("tag\u{e0041}"), "tag<U+E0041>");
    }

    #[test]
    fn look_alike_letters_in_a_latin_word_are_shown() {
        // A Cyrillic С and о among Latin letters; a Greek ο; full-width N.
        assert_eq!(visible("\u{421}hile"), "<U+0421>hile");
        assert_eq!(visible("N\u{43e}rway"), "N<U+043E>rway");
        assert_eq!(visible("Greec\u{3bf} and Chile"), "Greec<U+03BF> and Chile");
        assert_eq!(visible("\u{ff2e}orway"), "<U+FF2E>orway");
        // A word wholly in one script is its own: nothing to show.
        assert_eq!(visible("Сербия and Chile"), "Сербия and Chile");
    }

    #[test]
    fn further_lines_are_indented() {
        assert_eq!(
            lines(
                "warning: plugins/01_x.lua, line 3: ",
                "ok\nerror: forged",
                "    "
            ),
            "warning: plugins/01_x.lua, line 3: ok\n    error: forged"
        );
        assert_eq!(lines("> ", "one line", "  "), "> one line");
    }
}

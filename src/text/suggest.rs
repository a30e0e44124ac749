//! "Did you mean" suggestions for misspelt State names, sheets, columns and list values.

/// Folds a name for comparison: case, repeated spaces, curly apostrophes and common accents
/// do not make two names different ("Côte d’Ivoire" = "cote d'ivoire").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(fold_chars(s));
    out
}

/// The characters of `fold(s)`, one by one, without building the string: for comparing
/// folded names cell after cell without allocating.
pub fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    let mut started = false;
    s.trim()
        .chars()
        .filter_map(move |c| {
            if c.is_whitespace() {
                space = true;
                return None;
            }
            let gap = space && started;
            space = false;
            started = true;
            Some((gap, fold_char(c)))
        })
        .flat_map(|(gap, c)| gap.then_some(' ').into_iter().chain(c.to_lowercase()))
}

/// `fold(a) == fold(b)`, without allocating.
pub fn fold_eq(a: &str, b: &str) -> bool {
    a == b || fold_chars(a).eq(fold_chars(b))
}

/// One character as [`fold`] compares it, before lowercasing: curly apostrophes and dashes
/// made plain, common accents removed ('ô' → 'o').
pub fn fold_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' | '´' => '\'',
        '–' | '—' => '-',
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        _ => c,
    }
}

/// Levenshtein distance over characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `input`, if it is close enough to be a plausible typo,
/// or the only candidate that starts with or contains it ("Lao" → "Lao People's Democratic Republic").
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = fold(input);
    if needle.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    let mut containing: Vec<&'a str> = Vec::new();
    for candidate in candidates {
        let folded = fold(candidate);
        if folded == needle {
            return Some(candidate);
        }
        if needle.chars().count() >= 3
            && (folded.contains(&needle) || needle.contains(&folded))
            && !containing.contains(&candidate)
        {
            containing.push(candidate);
        }
        let d = distance(&needle, &folded);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    let allowed = |len: usize| (len / 3).clamp(1, 4);
    if let Some((d, candidate)) = best {
        if d <= allowed(needle.chars().count()) {
            return Some(candidate);
        }
    }
    if containing.len() == 1 {
        return Some(containing[0]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_without_allocating_as_with() {
        assert_eq!(fold("  Côte  d’Ivoire \n"), "cote d'ivoire");
        assert_eq!(fold("\tLAO\u{a0}PDR"), "lao pdr");
        assert_eq!(fold("İ"), "i\u{307}");
        assert_eq!(fold(" "), "");
        assert!(fold_eq("Côte d'Ivoire", " cote   D’IVOIRE"));
        assert!(!fold_eq("Chile", "Chad"));
        assert!(!fold_eq("Chile", "Chile x"));
    }

    #[test]
    fn folds_case_space_and_accents() {
        assert_eq!(fold("  Côte d’Ivoire "), "cote d'ivoire");
        assert_eq!(fold("State\u{a0} Name"), "state name");
    }

    #[test]
    fn suggests_typos_and_fragments() {
        let names = [
            "Guinea-Bissau",
            "Lebanon",
            "Lao People's Democratic Republic",
            "Chile",
        ];
        assert_eq!(did_you_mean("Lebanonn", names), Some("Lebanon"));
        assert_eq!(did_you_mean("Guinea Bissau", names), Some("Guinea-Bissau"));
        assert_eq!(
            did_you_mean("Lao", names),
            Some("Lao People's Democratic Republic")
        );
        assert_eq!(did_you_mean("Narnia", names), None);
        assert_eq!(did_you_mean("Chle", names), Some("Chile"));
    }
}

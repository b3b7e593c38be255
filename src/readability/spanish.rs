//! Spanish readability: syllables by Spanish spelling, and the
//! Fernández-Huerta reading ease (José Fernández Huerta, "Medidas sencillas
//! de lecturabilidad", Consigna 214, 1959), Flesch's formula refitted for
//! Spanish, read as a school grade from the scale published with it.

/// Fernández-Huerta's reading ease: 206.84 − 60 × syllables/word − 1.02 ×
/// words/sentence (the paper's 0.60 is per hundred words). 0–100 for
/// ordinary text, higher is easier; not clamped.
pub(super) fn fernandez_huerta(words_per_sentence: f64, syllables_per_word: f64) -> f64 {
    206.84 - 60.0 * syllables_per_word - 1.02 * words_per_sentence
}

/// The school grade a Fernández-Huerta score stands for: the paper's scale
/// gives each band of 10 points a grade (90–100 4th grade, 80–90 5th, 70–80
/// 6th, 60–70 7th to 8th, 50–60 high school, below 50 college), so a score
/// reads as the grade at whose end it is read, 14 − score/10: grade 8 is a
/// score of 60, the bottom of "normal".
pub(super) fn grade_of(score: f64) -> f64 {
    14.0 - score / 10.0
}

/// How a letter sounds in a syllable's nucleus.
#[derive(Clone, Copy, PartialEq)]
enum Vowel {
    /// a, e, o, and an accented í or ú (which stands alone: "día", "reúne").
    Open,
    /// i, u, ü, and a final y after a vowel ("hoy", "muy"): joins the vowel
    /// beside it in one syllable ("tie-ne", "ciu-dad", "güi").
    Closed(char),
}

fn vowel(letters: &[char], i: usize) -> Option<Vowel> {
    match letters[i] {
        'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú' | 'à' | 'è' | 'ò' => Some(Vowel::Open),
        c @ ('i' | 'u' | 'ü' | 'ï') => Some(Vowel::Closed(c)),
        // "y" is a vowel alone (the word "y") or ending a word after a
        // vowel ("rey"); before a vowel it is a consonant ("mayo").
        'y' if letters.len() == 1 || (i + 1 == letters.len() && i > 0 && vowel(letters, i - 1).is_some()) => {
            Some(Vowel::Closed('i'))
        }
        _ => None,
    }
}

/// Two vowels side by side share a syllable unless both are open (a hiatus:
/// "le-er", "dí-a") or they are the same closed vowel ("chi-i-ta").
fn share_syllable(before: Vowel, after: Vowel) -> bool {
    match (before, after) {
        (Vowel::Open, Vowel::Open) => false,
        (Vowel::Closed(a), Vowel::Closed(b)) => a != b,
        _ => true,
    }
}

/// Syllables of one Spanish word: its vowel groups, a group being one
/// syllable where its vowels form a diphthong or triphthong and more where
/// they stand in hiatus. At least 1 for anything with a letter, 0 for a
/// token without one. An "h" between vowels is read as a consonant, and a
/// silent "u" (que, gui) joins the vowel after it, as a diphthong would.
pub(super) fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if letters.is_empty() {
        return 0;
    }
    let mut count = 0;
    let mut previous = None;
    for i in 0..letters.len() {
        let this = vowel(&letters, i);
        if let Some(this) = this
            && !previous.is_some_and(|before| share_syllable(before, this))
        {
            count += 1;
        }
        previous = this;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_spanish_words() {
        let table = [
            ("casa", 2),
            ("país", 2),
            ("día", 2),
            ("leer", 2),
            ("poeta", 3),
            ("ciudad", 2),
            ("tiene", 2),
            ("pingüino", 3),
            ("murciélago", 4),
            ("guerra", 2),
            ("que", 1),
            ("buey", 1),
            ("hoy", 1),
            ("y", 1),
            ("mayo", 2),
            ("aceite", 3),
            ("reúne", 3),
            ("chiita", 3),
            ("tratamiento", 4),
            ("información", 4),
            ("microagujas", 5),
            ("dermatólogo", 5),
            ("averiguáis", 4),
            ("¿Duele?", 2),
            ("ÉXITO", 3),
            ("3", 0),
        ];
        for (word, expected) in table {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn the_score_reads_as_a_grade_on_the_papers_scale() {
        // Ten words a sentence of two syllables each.
        let score = fernandez_huerta(10.0, 2.0);
        assert!((score - 76.64).abs() < 1e-9, "{score}");
        assert!((grade_of(60.0) - 8.0).abs() < 1e-9);
        assert!((grade_of(90.0) - 5.0).abs() < 1e-9);
        assert!(grade_of(score) < 8.0);
    }
}

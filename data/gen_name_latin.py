#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates lib/name_latin.h: the ASCII fold of the Latin letters that have no Unicode
decomposition (Ø, Ł, Đ, Æ, Œ, Þ, ß, ı, Ŋ, Ə, ɛ, ɔ, ...), for lib/name.c (SPEC R-ACC-3).

utf8proc (Unicode compatibility decomposition + mark stripping) already turns É, ñ, ǅ, ﬁ, Ａ
and the like into ASCII; what it cannot do is name the base letter of a letter that Unicode
does not decompose ("LATIN CAPITAL LETTER O WITH STROKE" has no decomposition). This script
takes that base letter from the character's Unicode name, for every letter of the Latin
blocks (Latin-1 Supplement, Latin Extended-A/-B/-C/-D/-E, IPA Extensions and Latin Extended
Additional), plus a few quotation and modifier marks that belong in names.

Usage (maintainers only; the output is committed and the build never runs this):
    python3 data/gen_name_latin.py > lib/name_latin.h
"""
import re
import sys
import unicodedata as ud

# Blocks whose letters must all be representable (their letters are the test's scope too).
BLOCKS = [
    (0x0080, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0180, 0x024F, "Latin Extended-B"),
    (0x0250, 0x02AF, "IPA Extensions"),
    (0x1E00, 0x1EFF, "Latin Extended Additional"),
    (0x2C60, 0x2C7F, "Latin Extended-C"),
    (0xA720, 0xA7FF, "Latin Extended-D"),
    (0xAB30, 0xAB6F, "Latin Extended-E"),
]

# Whole base names that are not a plain letter. Where CLDR's Latin-ASCII transform has a
# rule it is followed (Ŋ -> N, ĸ -> Q, Ð -> D, Þ -> TH, ß -> SS); Ə -> A as in Azerbaijani
# romanisation (Əliyev -> Aliyev). Glottal stops and ʻokina-like letters become an
# apostrophe; tone letters and clicks have no ASCII letter and are dropped.
SPECIAL = {
    "SHARP S": "SS", "ETH": "D", "THORN": "TH", "ENG": "N", "KRA": "Q", "SCHWA": "A",
    "A REVERSED-SCHWA": "A", "EZH": "Z", "EZH REVERSED": "Z", "ESH": "SH",
    "REVERSED ESH LOOP": "SH", "GLOTTAL STOP": "'", "SALTILLO": "'", "AIN": "'",
    "EGYPTOLOGICAL ALEF": "'", "EGYPTOLOGICAL AIN": "'", "PHARYNGEAL VOICED FRICATIVE": "'",
    "ALPHA": "A", "BETA": "B", "GAMMA": "G", "DELTA": "D", "IOTA": "I", "UPSILON": "U",
    "OMEGA": "O", "CHI": "X", "PHI": "F", "LAMBDA": "L", "YOGH": "Y", "WYNN": "W",
    "HWAIR": "HW", "YR": "R", "HENG": "H", "DEZH": "DZ", "TESH": "TS", "FENG": "FN",
    "LEZH": "LZ", "RAMS HORN": "G", "STIRRUP R": "R", "SMALL Q": "Q", "O OPEN-O": "O",
    "SAKHA YAT": "E", "IOTIFIED E": "E", "VEND": "V", "TWO": "2",
    "TONE TWO": "", "TONE FIVE": "", "TONE SIX": "", "TRESILLO": "", "CUATRILLO": "",
    "DENTAL CLICK": "", "LATERAL CLICK": "", "ALVEOLAR CLICK": "", "RETROFLEX CLICK": "",
    "BILABIAL CLICK": "", "BILABIAL PERCUSSIVE": "", "BIDENTAL PERCUSSIVE": "", "DOT": "",
}

# Shape words in front of the base letter ("LATIN SMALL LETTER TURNED A" -> A).
SHAPES = [
    "SMALL CAPITAL", "TURNED", "REVERSED", "INVERTED", "CLOSED", "SIDEWAYS", "BARRED",
    "DOTLESS", "SCRIPT", "LONG", "BLACKLETTER", "INSULAR", "BROKEN", "STRETCHED", "HALF",
    "MIDDLE-WELSH", "VISIGOTHIC", "OLD POLISH", "ANGLICANA", "MIDDLE SCOTS", "SIGMOID",
    "BOTTOM HALF", "TOP HALF", "BASELINE", "SQUAT", "TAILLESS", "LENIS", "OPEN", "GLOTTAL",
    "AFRICAN", "VOLAPUK", "DOUBLE", "SINOLOGICAL", "ARCHAIC",
]

# Code points outside the letter rule (by code point, with the reason).
EXTRA = {
    0x00B4: "'",  # ACUTE ACCENT typed as an apostrophe (D´Angelo)
    0x00B7: "",   # MIDDLE DOT of Catalan l·l (Paral·lel -> PARALLEL)
    0x00AB: "'", 0x00BB: "'",  # « » guillemets
    0x02B9: "'", 0x02BA: "'", 0x02BB: "'", 0x02BD: "'", 0x02BE: "'", 0x02BF: "'",  # ʹ ʺ ʻokina ʽ ʾ ʿ
    0x2032: "'", 0x2033: "'", 0x2035: "'",  # primes
    0x201A: "'", 0x201B: "'", 0x201C: "'", 0x201D: "'", 0x201E: "'", 0x201F: "'",  # ‚ ‛ “ ” „ ‟
    0x2039: "'", 0x203A: "'",  # ‹ › (utf8proc's LUMP would make them < >)
    0xA788: "",   # MODIFIER LETTER LOW CIRCUMFLEX ACCENT (a tone mark)
    0xAB65: "O",  # GREEK LETTER SMALL CAPITAL OMEGA, in Latin Extended-E (phonetics)
}

NAME_RE = re.compile(r"LATIN (?:CAPITAL |SMALL )?(?:LETTER|LIGATURE|CAPITAL LETTER|"
                     r"EPIGRAPHIC LETTER) (.*)$")


def base_of(name):
    m = NAME_RE.match(name)
    if not m:
        return None
    rest = re.sub(r" WITH .*$", "", m.group(1))
    rest = re.sub(r" (DIGRAPH|ROTUNDA|LONGA|BAR|WITHOUT HANDLE)$", "", rest)
    while True:
        if rest in SPECIAL:
            return SPECIAL[rest]
        for shape in SHAPES:
            if rest.startswith(shape + " "):
                rest = rest[len(shape) + 1:]
                break
        else:
            break
    if re.fullmatch(r"[A-Z]{1,3}", rest):
        return rest
    return None


def main():
    table = dict(EXTRA)
    missing = []
    for lo, hi, _ in BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if cp in table or not ud.category(ch).startswith("L") or ud.decomposition(ch):
                continue
            base = base_of(ud.name(ch, ""))
            if base is None:
                missing.append("U+%04X %s" % (cp, ud.name(ch, "?")))
            else:
                table[cp] = base
    if missing:
        sys.exit("no ASCII base for:\n  " + "\n  ".join(missing))
    out = sys.stdout
    out.write("/* Generated by data/gen_name_latin.py (Unicode %s names); do not edit.\n"
              " * ASCII fold of the Latin letters that have no Unicode decomposition, and of a few\n"
              " * quotation marks, for lib/name.c (SPEC R-ACC-3). Sorted by code point; each fold is\n"
              " * uppercase, at most 3 bytes and never longer than the character's UTF-8 form. */\n"
              % ud.unidata_version)
    out.write("static const struct name_fold {\n    uint16_t cp;\n    char ascii[4];\n} name_folds[] = {\n")
    for cp in sorted(table):
        fold = table[cp]
        assert cp < 0x10000 and len(fold) <= 3 and len(fold) <= len(chr(cp).encode())
        escaped = fold.replace("\\", "\\\\").replace('"', '\\"')
        out.write('    {0x%04X, "%s"}, /* %s */\n' % (cp, escaped, ud.name(chr(cp), "?")))
    out.write("};\n")


if __name__ == "__main__":
    main()

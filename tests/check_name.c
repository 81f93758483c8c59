/* SPDX-License-Identifier: Apache-2.0 */
/* Account-holder names: Nacha-safe transliteration, field widths, refusals (SPEC R-ACC-3). */
#include <utf8proc.h>
#include "testing.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* True when `s` holds only the Nacha-safe set, has no leading, trailing or double space, and
 * has a letter or digit (R-ACC-3). */
static bool nacha_safe(const char *s, size_t n)
{
    bool alnum = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) alnum = true;
        else if (c == ' ') {
            if (i == 0 || i + 1 == n || s[i - 1] == ' ') return false;
        } else if (!strchr("&-.,'/", c) || c == '\0') {
            return false;
        }
    }
    return alnum;
}

struct name_case {
    const char *input;
    const char *normalized;
};

/* Names from many languages and the typographic forms people paste (R-ACC-3). */
static const struct name_case names[] = {
    {"José Müller", "JOSE MULLER"},                      /* Spanish, German */
    {"Straße", "STRASSE"},                               /* ß → SS (table) */
    {"GROẞMANN", "GROSSMANN"},                           /* capital sharp s U+1E9E */
    {"Łukasz Żółć", "LUKASZ ZOLC"},                      /* Polish: Ł (table), Ż ó ć (marks) */
    {"Søren Ørsted", "SOREN ORSTED"},                    /* Danish Ø (table) */
    {"Œuvre Française", "OEUVRE FRANCAISE"},             /* Œ (table), ç */
    {"Æsir Þórsson", "AESIR THORSSON"},                  /* Æ, Þ (table) */
    {"Đorđe Đoković", "DORDE DOKOVIC"},                  /* Serbian Đ đ (table) */
    {"Sigurður Guðmundsson", "SIGURDUR GUDMUNDSSON"},    /* Icelandic ð */
    {"İlknur Kılıç", "ILKNUR KILIC"},                    /* Turkish İ (I + dot), ı (table) */
    {"Ｊｏｈｎ Ｓｍｉｔｈ", "JOHN SMITH"},              /* fullwidth letters (compatibility) */
    {"ﬁnn ﬂoyd", "FINN FLOYD"},                          /* ligatures ﬁ ﬂ */
    {"O’Brien", "O'BRIEN"},                              /* right single quote (lumped) */
    {"John “Jack” Smith", "JOHN 'JACK' SMITH"},          /* curly double quotes */
    {"«Le Petit» SARL", "'LE PETIT' SARL"},              /* guillemets */
    {"D´Angelo", "D'ANGELO"},                            /* acute accent typed as apostrophe */
    {"Jose\xCC\x81 Marti\xCC\x81", "JOSE MARTI"},        /* combining acute U+0301 */
    {"Nguyễn Văn Thành", "NGUYEN VAN THANH"},            /* Vietnamese, stacked marks */
    {"Dvořák & Synové", "DVORAK & SYNOVE"},              /* Czech */
    {"Ħal Għargħur", "HAL GHARGHUR"},                    /* Maltese Ħ ħ (table) */
    {"Əliyev", "ALIYEV"},                                /* Azerbaijani Ə (table) */
    {"ʻŌlelo Hawaiʻi", "'OLELO HAWAI'I"},                /* Hawaiian ʻokina, macron */
    {"Ǆuro", "DZURO"},                                   /* digraph U+01C4 DŽ */
    {"Paral·lel", "PARALLEL"},                           /* Catalan middle dot */
    {"Ŋuŋu Ɛwe Ɔkɔ", "NUNU EWE OKO"},                    /* African Latin: Ŋ ɛ ɔ (table) */
    {"Ångström", "ANGSTROM"},
    {"  Mary   Ann\xC2\xA0Smith  ", "MARY ANN SMITH"},   /* spaces, no-break space */
    {"Ｍａｒíａ\xE3\x80\x80Ｇａｒｃíａ", "MARIA GARCIA"}, /* ideographic space U+3000 */
    {"Smith—Jones", "SMITH-JONES"},                      /* em dash (lumped) */
    {"Smith – Jones", "SMITH - JONES"},                  /* en dash */
    {"AT&T Inc.", "AT&T INC."},
    {"Smith (Jr.)", "SMITH JR."},                        /* other punctuation separates */
    {"Yahoo! #1", "YAHOO 1"},
    {"Jean\xC2\xAD" "Pierre", "JEANPIERRE"},             /* soft hyphen is ignorable */
    {"Zoë\xE2\x80\x8D", "ZOE"},                          /* zero-width joiner is ignorable */
    {"½ Price Ltd", "1/2 PRICE LTD"},                    /* vulgar fraction (compatibility) */
    {"Louis Ⅻ", "LOUIS XII"},                            /* roman numeral U+216B */
    {"Doe, John A./B", "DOE, JOHN A./B"},                /* the whole allowed punctuation */
    {"mcdonald's", "MCDONALD'S"},
    {"3M", "3M"},
};

START_TEST(names_transliterate_to_nacha_safe_ascii) /* R-ACC-3 */
{
    const struct name_case *c = &names[_i];
    char out[ACH_NAME_NORMALIZED_MAX];
    size_t n = 0;
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_name_normalize(out, sizeof out, &n, c->input, strlen(c->input), &err);
    ck_assert_msg(st == ACH_OK, "'%s': %s %s", c->input, ach_status_name(st), err.message);
    ck_assert_str_eq(out, c->normalized);
    ck_assert_uint_eq(n, strlen(c->normalized));
    ck_assert(nacha_safe(out, n));
}
END_TEST

struct fit_case {
    const char *input;
    ach_holder_type type;
    const char *fitted;
    bool truncated;
};

/* Exact truncation at 22 (individual and company holders) and 16 (the originator's Company
 * Name of a batch header, ach_name_fit_originator()) (R-ACC-3). */
#define ORIGINATOR ((ach_holder_type)0)
static const struct fit_case fits[] = {
    /* 22 letters exactly: nothing cut. */
    {"Abcdefghijklmnopqrstuv", ACH_HOLDER_INDIVIDUAL, "ABCDEFGHIJKLMNOPQRSTUV", false},
    {"Abcdefghijklmnopqrstuvw", ACH_HOLDER_INDIVIDUAL, "ABCDEFGHIJKLMNOPQRSTUV", true},
    /* "MAXIMILIAN ALEXANDER F" is 10 + 1 + 9 + 1 + 1 = 22 characters. */
    {"Maximilian Alexander Featherstonehaugh", ACH_HOLDER_INDIVIDUAL,
     "MAXIMILIAN ALEXANDER F", true},
    /* 22 É (44 bytes of UTF-8) are 22 characters: widths count output, not bytes. */
    {"ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ", ACH_HOLDER_INDIVIDUAL, "EEEEEEEEEEEEEEEEEEEEEE", false},
    /* 21 letters then ß → SS: the cut would split "SS", so both go. */
    {"Abcdefghijklmnopqrstuß", ACH_HOLDER_INDIVIDUAL, "ABCDEFGHIJKLMNOPQRSTU", true},
    {"International Business Machines", ORIGINATOR, "INTERNATIONAL BU", true},
    {"Acme Corporation", ORIGINATOR, "ACME CORPORATION", false},
    {"Acme Corporation Holdings", ORIGINATOR, "ACME CORPORATION", true},
    /* The cut leaves a space at the end: dropped. */
    {"Acme Corporatio Holdings", ORIGINATOR, "ACME CORPORATIO", true},
    /* 15 letters then Þ → TH: "T" alone would split the character. */
    {"AbcdefghijklmnoÞ", ORIGINATOR, "ABCDEFGHIJKLMNO", true},
    /* 14 letters then Þ: TH fits exactly. */
    {"AbcdefghijklmnÞ", ORIGINATOR, "ABCDEFGHIJKLMNTH", false},
    {"Bäckerei Müller GmbH & Co. KG", ORIGINATOR, "BACKEREI MULLER", true},
    {"José Müller", ORIGINATOR, "JOSE MULLER", false},
    /* a company holder's field is 22 wide, like an individual's (R-ACC-3, 2026-12-04) */
    {"International Business Machines", ACH_HOLDER_COMPANY, "INTERNATIONAL BUSINESS", true},
    {"Acme Corporation Holdings", ACH_HOLDER_COMPANY, "ACME CORPORATION HOLDI", true},
    {"Bäckerei Müller GmbH & Co. KG", ACH_HOLDER_COMPANY, "BACKEREI MULLER GMBH &", true},
    {"Rocket Rides Incorporated", ACH_HOLDER_COMPANY, "ROCKET RIDES INCORPORA", true},
};

START_TEST(names_fit_the_nacha_field) /* R-ACC-3 */
{
    const struct fit_case *c = &fits[_i];
    char out[ACH_NAME_FIT_SIZE];
    bool truncated = !c->truncated;
    ach_error err = ACH_ERROR_INIT;
    ach_status st =
        c->type == ORIGINATOR
            ? ach_name_fit_originator(out, sizeof out, &truncated, c->input, strlen(c->input),
                                      &err)
            : ach_name_fit(out, sizeof out, &truncated, c->input, strlen(c->input), c->type,
                           &err);
    ck_assert_msg(st == ACH_OK, "'%s': %s", c->input, err.message);
    ck_assert_str_eq(out, c->fitted);
    ck_assert(truncated == c->truncated);
    ck_assert_uint_le(strlen(out), c->type == ORIGINATOR ? ACH_NAME_ORIGINATOR_WIDTH
                                                         : ach_holder_type_width(c->type));
    ck_assert(nacha_safe(out, strlen(out)));
}
END_TEST

struct error_case {
    const char *input;
    size_t len; /* 0: strlen(input) */
    ach_status status;
    uint32_t column; /* byte offset + 1 */
    const char *needle;
};

static const struct error_case errors[] = {
    /* Invalid UTF-8, each kind. */
    {"Jos\xC3", 0, ACH_ENAME_UTF8, 4, "truncated UTF-8 sequence at byte offset 3"},
    {"A\xE2\x82", 0, ACH_ENAME_UTF8, 2, "needs 3 bytes, the input ends after 2"},
    {"Jos\xC3x", 0, ACH_ENAME_UTF8, 4, "byte 0x78 at offset 4 is not a continuation"},
    {"\xC0\xAF", 0, ACH_ENAME_UTF8, 1, "overlong UTF-8 encoding of U+002F (2 bytes)"},
    {"ab\xE0\x80\xAF", 0, ACH_ENAME_UTF8, 3, "overlong UTF-8 encoding of U+002F (3 bytes)"},
    {"\xF0\x80\x80\xAF", 0, ACH_ENAME_UTF8, 1, "overlong UTF-8 encoding of U+002F (4 bytes)"},
    {"\xED\xA0\x80", 0, ACH_ENAME_UTF8, 1, "surrogate U+D800"},
    {"x\xED\xBF\xBF", 0, ACH_ENAME_UTF8, 2, "surrogate U+DFFF"},
    {"\xF4\x90\x80\x80", 0, ACH_ENAME_UTF8, 1, "encodes U+110000, beyond U+10FFFF"},
    {"Ann\xFF", 0, ACH_ENAME_UTF8, 4, "byte 0xFF at byte offset 3 never occurs"},
    {"\x80" "abc", 0, ACH_ENAME_UTF8, 1, "continuation byte with no lead byte"},
    /* Control characters. */
    {"John\tSmith", 0, ACH_ENAME_CONTROL, 5, "U+0009 at byte offset 4"},
    {"John\nSmith", 0, ACH_ENAME_CONTROL, 5, "U+000A"},
    {"Jo\0hn", 5, ACH_ENAME_CONTROL, 3, "U+0000 at byte offset 2 is a control character"},
    {"Ann\x7F", 0, ACH_ENAME_CONTROL, 4, "U+007F"},
    {"Ann\xC2\x85", 0, ACH_ENAME_CONTROL, 4, "U+0085"},          /* C1 NEXT LINE */
    {"Ann\xE2\x80\xA8" "Lee", 0, ACH_ENAME_CONTROL, 4, "U+2028"}, /* LINE SEPARATOR */
    /* Scripts and symbols that cannot be written. */
    {"山田太郎", 0, ACH_ENAME_SCRIPT, 1, "U+5C71 at byte offset 0 cannot be written"},
    {"John 山田", 0, ACH_ENAME_SCRIPT, 6, "U+5C71 at byte offset 5"},
    {"Bob \xF0\x9F\x98\x80", 0, ACH_ENAME_SCRIPT, 5, "U+1F600"},   /* 😀 */
    {"\xE2\x9D\xA4\xEF\xB8\x8F", 0, ACH_ENAME_SCRIPT, 1, "U+2764"}, /* ❤️ */
    {"Γιάννης", 0, ACH_ENAME_SCRIPT, 1, "U+0393"},                  /* Greek */
    {"Иван Петров", 0, ACH_ENAME_SCRIPT, 1, "U+0418"},              /* Cyrillic */
    {"김민준", 0, ACH_ENAME_SCRIPT, 1, "U+AE40"},                   /* Hangul */
    {"محمد", 0, ACH_ENAME_SCRIPT, 1, "U+0645"},                     /* Arabic */
    {"Unit ٣", 0, ACH_ENAME_SCRIPT, 6, "U+0663"},                  /* Arabic-Indic digit */
    {"Acme €", 0, ACH_ENAME_SCRIPT, 6, "U+20AC"},
    {"\xEE\x80\x80", 0, ACH_ENAME_SCRIPT, 1, "U+E000"},             /* private use */
    {"A\xF0\xB0\x80\x80", 0, ACH_ENAME_SCRIPT, 2, "U+30000"},       /* CJK Ext. G */
    /* Nothing left. */
    {"", 0, ACH_ENAME_EMPTY, 0, "name is empty"},
    {"---", 0, ACH_ENAME_EMPTY, 0, "no letter or digit"},
    {"   ", 0, ACH_ENAME_EMPTY, 0, "no letter or digit"},
    {"\xCC\x81\xCC\x88", 0, ACH_ENAME_EMPTY, 0, "no letter or digit"}, /* marks only */
    {"'& ./", 0, ACH_ENAME_EMPTY, 0, "no letter or digit"},
};

START_TEST(refusals_name_offset_and_code_point) /* R-ACC-3 */
{
    const struct error_case *c = &errors[_i];
    size_t len = c->len ? c->len : strlen(c->input);
    char out[ACH_NAME_NORMALIZED_MAX] = "untouched";
    size_t n = 777;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_name_normalize(out, sizeof out, &n, c->input, len, &err), c->status);
    ck_assert_int_eq(err.code, c->status);
    ck_assert_str_eq(err.field, "name");
    ck_assert_uint_eq(err.column, c->column);
    ck_assert_msg(strstr(err.message, c->needle), "case %d: message '%s' lacks '%s'", _i,
                  err.message, c->needle);
    ck_assert_str_eq(out, "untouched"); /* outputs untouched on failure */
    ck_assert_uint_eq(n, 777);
    /* ach_name_fit refuses the same way. */
    char fit[ACH_NAME_FIT_SIZE] = "untouched";
    bool truncated = true;
    ck_assert_int_eq(ach_name_fit(fit, sizeof fit, &truncated, c->input, len,
                                  ACH_HOLDER_COMPANY, NULL),
                     c->status);
    ck_assert_str_eq(fit, "untouched");
    ck_assert(truncated);
}
END_TEST

START_TEST(input_length_bound)
{
    char in[ACH_NAME_MAX_INPUT + 1];
    memset(in, 'a', sizeof in);
    char out[ACH_NAME_NORMALIZED_MAX];
    size_t n = 0;
    ck_assert_int_eq(ach_name_normalize(out, sizeof out, &n, in, ACH_NAME_MAX_INPUT, NULL),
                     ACH_OK);
    ck_assert_uint_eq(n, ACH_NAME_MAX_INPUT);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_name_normalize(out, sizeof out, &n, in, sizeof in, &err),
                     ACH_ENAME_TOOLONG);
    ck_assert(strstr(err.message, "1025 bytes; at most 1024"));
}
END_TEST

/* The worst expansion: ㎯ U+33AF (3 bytes) → "RAD/S2" (6). 341 of them fill 1023 bytes. */
START_TEST(worst_case_fits_the_documented_bound)
{
    char in[ACH_NAME_MAX_INPUT];
    size_t len = 0;
    while (len + 3 <= sizeof in) {
        memcpy(in + len, "\xE3\x8E\xAF", 3);
        len += 3;
    }
    static char out[ACH_NAME_NORMALIZED_MAX];
    size_t n = 0;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_name_normalize(out, sizeof out, &n, in, len, &err), ACH_OK);
    ck_assert_uint_eq(n, 341 * 6);
    ck_assert(memcmp(out, "RAD/S2RAD/S2", 12) == 0);
}
END_TEST

/* Every code point: either refused, or at most 2 output characters per UTF-8 byte (the
 * derivation of ACH_NAME_NORMALIZED_MAX), all in the Nacha-safe set. */
START_TEST(every_code_point_respects_the_bound)
{
    /* Plain ifs in the loop: a passing ck_assert costs Check a write(2). */
    size_t worst_num = 0, worst_den = 1;
    for (int32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        char in[8] = "A";
        size_t len = 1 + (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)in + 1);
        char out[64];
        size_t n = 0;
        ach_status st = ach_name_normalize(out, sizeof out, &n, in, len, NULL);
        if (st != ACH_OK) {
            if (st != ACH_ENAME_SCRIPT && st != ACH_ENAME_CONTROL)
                ck_abort_msg("U+%04X: %s", (unsigned)cp, ach_status_name(st));
            continue;
        }
        if (!nacha_safe(out, n)) ck_abort_msg("U+%04X gave '%s'", (unsigned)cp, out);
        size_t produced = n - 1, bytes = len - 1; /* without the leading A */
        if (produced > 2 * bytes)
            ck_abort_msg("U+%04X: %zu bytes -> %zu characters", (unsigned)cp, bytes, produced);
        if (produced * worst_den > worst_num * bytes) {
            worst_num = produced;
            worst_den = bytes;
        }
    }
    ck_assert_uint_eq(worst_num, 2 * worst_den); /* the bound is tight */
}
END_TEST

/* Every letter of the Latin blocks passes (R-ACC-3: "Latin-script names in every Latin block"). */
START_TEST(every_latin_block_letter_passes)
{
    static const struct { int32_t lo, hi; } blocks[] = {
        {0x00C0, 0x00FF}, {0x0100, 0x017F}, {0x0180, 0x024F}, {0x0250, 0x02AF},
        {0x1E00, 0x1EFF}, {0x2C60, 0x2C7F}, {0xA720, 0xA7FF}, {0xAB30, 0xAB6F},
        {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFB00, 0xFB06},
    };
    int letters = 0;
    for (size_t b = 0; b < N_ELEMS(blocks); b++) {
        for (int32_t cp = blocks[b].lo; cp <= blocks[b].hi; cp++) {
            utf8proc_category_t cat = utf8proc_category(cp);
            if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO) continue;
            char in[8] = "A";
            size_t len = 1 + (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)in + 1);
            char out[32];
            ach_error err = ACH_ERROR_INIT;
            if (ach_name_normalize(out, sizeof out, NULL, in, len, &err) != ACH_OK)
                ck_abort_msg("U+%04X refused: %s", (unsigned)cp, err.message);
            letters++;
        }
    }
    ck_assert_int_gt(letters, 1000);
}
END_TEST

START_TEST(buffer_too_small)
{
    char out[11] = "untouched";
    size_t n = 777;
    ach_error err = ACH_ERROR_INIT;
    /* "JOSE MULLER" needs 12 bytes with the NUL. */
    ck_assert_int_eq(ach_name_normalize(out, 11, &n, "José Müller", strlen("José Müller"), &err),
                     ACH_EBUFS);
    ck_assert(strstr(err.message, "needs 12"));
    ck_assert_str_eq(out, "untouched");
    ck_assert_uint_eq(n, 777);
    char exact[12];
    ck_assert_int_eq(ach_name_normalize(exact, 12, &n, "José Müller", strlen("José Müller"),
                                        NULL),
                     ACH_OK);
    ck_assert_str_eq(exact, "JOSE MULLER");
    ck_assert_uint_eq(n, 11);
    char small[16];
    bool truncated = false;
    ck_assert_int_eq(ach_name_fit(small, sizeof small, &truncated, "Acme Corporation", 16,
                                  ACH_HOLDER_COMPANY, NULL),
                     ACH_EBUFS);
    ck_assert_int_eq(ach_name_fit(small, sizeof small, NULL, "Acme Corp", 9, ACH_HOLDER_COMPANY,
                                  NULL),
                     ACH_OK);
    ck_assert_str_eq(small, "ACME CORP");
}
END_TEST

START_TEST(holder_types) /* R-ACC-3 */
{
    ach_holder_type t = ACH_HOLDER_COMPANY;
    ck_assert_int_eq(ach_holder_type_parse(&t, "individual", 10, NULL), ACH_OK);
    ck_assert_int_eq(t, ACH_HOLDER_INDIVIDUAL);
    ck_assert_int_eq(ach_holder_type_parse(&t, "company", 7, NULL), ACH_OK);
    ck_assert_int_eq(t, ACH_HOLDER_COMPANY);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_holder_type_parse(&t, "Company", 7, &err), ACH_EHOLDER_TYPE);
    ck_assert_str_eq(err.field, "holder_type");
    ck_assert_int_eq(t, ACH_HOLDER_COMPANY); /* untouched */
    ck_assert_int_eq(ach_holder_type_parse(&t, "individuals", 11, NULL), ACH_EHOLDER_TYPE);
    ck_assert_int_eq(ach_holder_type_parse(&t, "company", 6, NULL), ACH_EHOLDER_TYPE);
    ck_assert_int_eq(ach_holder_type_parse(&t, "", 0, NULL), ACH_EHOLDER_TYPE);
    ck_assert_str_eq(ach_holder_type_name(ACH_HOLDER_INDIVIDUAL), "individual");
    ck_assert_str_eq(ach_holder_type_name(ACH_HOLDER_COMPANY), "company");
    ck_assert_str_eq(ach_holder_type_name((ach_holder_type)0), "unknown");
    ck_assert_uint_eq(ach_holder_type_width(ACH_HOLDER_INDIVIDUAL), 22);
    ck_assert_uint_eq(ach_holder_type_width(ACH_HOLDER_COMPANY), 22);
    /* the originator's Company Name refuses what ach_name_normalize() refuses (R-ACC-3) */
    char orig[ACH_NAME_FIT_SIZE];
    ck_assert_int_eq(ach_name_fit_originator(orig, sizeof orig, NULL, "---", 3, &err),
                     ACH_ENAME_EMPTY);
    ck_assert_uint_eq(ach_holder_type_width((ach_holder_type)7), 0);
    char out[ACH_NAME_FIT_SIZE] = "untouched";
    ck_assert_int_eq(ach_name_fit(out, sizeof out, NULL, "Ann", 3, (ach_holder_type)3, &err),
                     ACH_EHOLDER_TYPE);
    ck_assert_str_eq(out, "untouched");
}
END_TEST

/* The normalised form is what ownership matching will compare: different spellings of one
 * name meet. */
START_TEST(spellings_of_one_name_meet)
{
    static const char *const spellings[] = {
        "José Müller", "JOSE MULLER", "jose  muller", "Jose\xCC\x81 Mu\xCC\x88ller",
        "Ｊｏｓé　Ｍüｌｌｅｒ", " José\xC2\xA0Müller ",
    };
    for (size_t i = 0; i < N_ELEMS(spellings); i++) {
        char out[64];
        ck_assert_int_eq(ach_name_normalize(out, sizeof out, NULL, spellings[i],
                                            strlen(spellings[i]), NULL),
                         ACH_OK);
        ck_assert_str_eq(out, "JOSE MULLER");
    }
}
END_TEST

static Suite *name_suite(void)
{
    Suite *s = suite_create("name");
    TCase *tc = tcase_create("normalize");
    tcase_add_loop_test(tc, names_transliterate_to_nacha_safe_ascii, 0, (int)N_ELEMS(names));
    tcase_add_loop_test(tc, refusals_name_offset_and_code_point, 0, (int)N_ELEMS(errors));
    tcase_add_test(tc, input_length_bound);
    tcase_add_test(tc, worst_case_fits_the_documented_bound);
    tcase_add_test(tc, buffer_too_small);
    tcase_add_test(tc, spellings_of_one_name_meet);
    suite_add_tcase(s, tc);
    TCase *exhaustive = tcase_create("exhaustive");
    tcase_set_timeout(exhaustive, 30);
    tcase_add_test(exhaustive, every_code_point_respects_the_bound);
    tcase_add_test(exhaustive, every_latin_block_letter_passes);
    suite_add_tcase(s, exhaustive);
    TCase *fit = tcase_create("fit");
    tcase_add_loop_test(fit, names_fit_the_nacha_field, 0, (int)N_ELEMS(fits));
    tcase_add_test(fit, holder_types);
    suite_add_tcase(s, fit);
    return s;
}

ACH_TEST_MAIN(name_suite)

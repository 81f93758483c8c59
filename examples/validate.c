/* SPDX-License-Identifier: Apache-2.0 */
/* Validating and normalising what a customer types in: routing numbers (ABA checksum and
 * prefix, R-ACC-2), account numbers (4 to 17 digits), and account-holder names transliterated to
 * the Nacha character set and fitted to the entry's name field (R-ACC-3).
 *
 * Build against an installed libach: cc validate.c $(pkg-config --cflags --libs libach) */
#include <stdio.h>
#include <string.h>
#include <ach.h>

static void routing(const char *number)
{
    ach_error err = ACH_ERROR_INIT;
    if (ach_routing_validate(number, strlen(number), &err) == ACH_OK)
        printf("routing %-12s valid\n", number);
    else
        printf("routing %-12s %s: %s\n", number, ach_status_name(err.code), err.message);
}

static void account(const char *number)
{
    ach_error err = ACH_ERROR_INIT;
    if (ach_account_number_validate(number, strlen(number), &err) == ACH_OK)
        printf("account ****%s valid\n", number + strlen(number) - 4); /* last 4 only: R-SEC-1 */
    else
        printf("account (%zu characters) %s: %s\n", strlen(number), ach_status_name(err.code),
               err.message);
}

static void name(const char *text, ach_holder_type type)
{
    ach_error err = ACH_ERROR_INIT;
    char normalized[256], fitted[64];
    size_t len;
    bool truncated;
    if (ach_name_normalize(normalized, sizeof normalized, &len, text, strlen(text), &err) !=
            ACH_OK ||
        ach_name_fit(fitted, sizeof fitted, &truncated, text, strlen(text), type, &err) !=
            ACH_OK) {
        printf("name \"%s\" refused: %s\n", text, err.message);
        return;
    }
    printf("name \"%s\" -> \"%s\"; %s field (%zu): \"%s\"%s\n", text, normalized,
           ach_holder_type_name(type), ach_holder_type_width(type), fitted,
           truncated ? " (truncated)" : "");
}

int main(void)
{
    routing("021000021");  /* valid */
    routing("021000022");  /* checksum fails */
    routing("02100002");   /* 8 digits */
    routing("800000080");  /* traveller's cheques: passes the checksum, not an ACH participant */
    account("000123456789");
    account("12-3456");
    name("Zoë Müller-Lüdenscheidt", ACH_HOLDER_INDIVIDUAL);
    name("Crème Brûlée Patisserie & Café, Ltd.", ACH_HOLDER_COMPANY);
    name("   ", ACH_HOLDER_INDIVIDUAL);
    return 0;
}

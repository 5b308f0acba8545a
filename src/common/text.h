/* Small helpers for the text files people write by hand or with spreadsheets. */
#ifndef GB_TEXT_H
#define GB_TEXT_H

#include <string.h>

/* The UTF-8 byte order mark that Excel ("CSV UTF-8") and Windows Notepad put before a file's
 * first character. */
#define GB_BYTE_ORDER_MARK "\xEF\xBB\xBF"

/* A file's first line without the byte order mark, if it has one. */
static inline char *gb_past_byte_order_mark(char *first_line)
{
    return strncmp(first_line, GB_BYTE_ORDER_MARK, 3) == 0 ? first_line + 3 : first_line;
}

/* Makes text safe to print and to store as a string: each control character, and each byte that
 * does not belong to a well-formed UTF-8 sequence (a damaged file's), becomes '?', in place. */
static inline void gb_printable_utf8(char *text)
{
    unsigned char *p = (unsigned char *)text;
    while (*p) {
        int length = *p < 0x80             ? 1
                     : (*p & 0xe0) == 0xc0 ? 2
                     : (*p & 0xf0) == 0xe0 ? 3
                     : (*p & 0xf8) == 0xf0 ? 4
                                           : 0;
        int whole = length > 0 && !(length == 2 && *p < 0xc2);
        for (int k = 1; whole && k < length; k++)
            whole = (p[k] & 0xc0) == 0x80;
        if (!whole || (length == 1 && (*p < 0x20 || *p == 0x7f))) {
            *p++ = '?';
            continue;
        }
        p += length;
    }
}

#endif

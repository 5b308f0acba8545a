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

#endif

/* dashboard: a static index.html for coaches, made from the team summary rows. One page, no
 * external assets and no scripts (inline CSS and SVG), so it opens offline from a shared folder. */
#ifndef GB_DASHBOARD_H
#define GB_DASHBOARD_H

#include "../report/report.h"

/* rows sorted by athlete and session (as report_write_team leaves them); links to the reports are
 * made relative to the folder of `path`. left: the recordings the run left without a report (failed
 * or still arriving), named above the athletes. Written to a temporary name, then renamed. */
int dashboard_write(const char *path, const team_row *rows, long count,
                    const not_analysed_row *left, long left_count, const char *software_version,
                    long long created_unix, gb_error *err);

#endif

#!/bin/sh
# The weekly law-change watch: fetch the acts the rule packs cite from Finlex's open data, file the
# report (text and JSON) beside the texts read, and mail the text when something changed, is coming
# or is gone (exit status 1). Installed as /usr/local/bin/velvoite-law-check; run by
# velvoite-law-check.timer, or from cron:
#   30 6 * * 1  velvoite  MAIL_TO=lait@example.fi /usr/local/bin/velvoite-law-check
# Environment: VELVOITE (the command, default /opt/velvoite/bin/velvoite), LAW_DIR (where reports and
# texts are filed, default /var/lib/velvoite/law), MAIL_TO (empty: filed only), LAW_LANG (fi, sv, en).
set -u
velvoite=${VELVOITE:-/opt/velvoite/bin/velvoite}
dir=${LAW_DIR:-/var/lib/velvoite/law}
day=$(date +%F)
mkdir -p "$dir"
"$velvoite" law check --online --save "$dir/$day" --lang "${LAW_LANG:-fi}" -o "$dir/$day.txt"
status=$?
if [ "$status" -le 1 ]; then
    # the same texts, for machines (and for a later look with --source)
    "$velvoite" law check --source "$dir/$day" --format json -o "$dir/$day.json"
fi
if [ "$status" -eq 1 ] && [ -n "${MAIL_TO:-}" ]; then
    mail -s "velvoite: law change in the rule packs ($day)" "$MAIL_TO" < "$dir/$day.txt"
fi
if [ "$status" -ge 2 ] && [ -n "${MAIL_TO:-}" ]; then
    echo "velvoite law check failed with status $status on $day: see the journal" \
        | mail -s "velvoite: law check failed ($day)" "$MAIL_TO"
fi
# 0 and 1 are both a run that worked; 2 and above (no network, an answer that is not an act) fail the unit
[ "$status" -le 1 ]

#!/bin/sh
# Register Dossier with the Linux desktop for the current user only (no root needed):
# a menu entry, the icon set, the application/x-dossier type for *.dossier files, and
# Dossier as the program that opens them.
#
#   packaging/install-desktop.sh [--exec PROGRAM] [--uninstall]
#
# PROGRAM defaults to the first that exists of: the bundle this script sits in
# (dist/dossier/dossier), the built bundle in the source tree, the venv's `dossier`,
# and `dossier` on PATH. Files go under $XDG_DATA_HOME (~/.local/share) and the
# default is recorded in $XDG_CONFIG_HOME/mimeapps.list (~/.config). The desktop's
# cache tools (update-mime-database, update-desktop-database, gtk-update-icon-cache,
# xdg-mime) are run when installed; without them the files are still put in place and
# the desktop picks them up at its next scan.
set -eu

say() { printf '%s\n' "$*"; }
fail() { printf 'install-desktop: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

HERE=$(cd "$(dirname "$0")" && pwd)
MIME_TYPE=application/x-dossier
DESKTOP_ID=dossier.desktop
SIZES="16 24 32 48 64 128 256 512"

program=""
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --exec) [ $# -ge 2 ] || fail "--exec needs a program path"; program=$2; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown option $1 (try --help)" ;;
    esac
done

# Resources: next to this script in the source tree, or inside a frozen bundle.
RES=""
for candidate in "$HERE/../resources" "$HERE/_internal/resources" "$HERE/resources"; do
    if [ -f "$candidate/linux/dossier.desktop" ]; then
        RES=$(cd "$candidate" && pwd)
        break
    fi
done
[ -n "$RES" ] || fail "cannot find Dossier's resources folder next to $HERE"

DATA=${XDG_DATA_HOME:-$HOME/.local/share}
CONFIG=${XDG_CONFIG_HOME:-$HOME/.config}
APPS=$DATA/applications
MIME=$DATA/mime
ICONS=$DATA/icons/hicolor

refresh() {
    if have update-mime-database; then
        update-mime-database "$MIME" >/dev/null 2>&1 || say "note: update-mime-database failed"
    else
        say "note: update-mime-database not found; the file type is known after the next login"
    fi
    if have update-desktop-database; then
        update-desktop-database "$APPS" >/dev/null 2>&1 || say "note: update-desktop-database failed"
    fi
    if have gtk-update-icon-cache && [ -f "$ICONS/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$ICONS" >/dev/null 2>&1 || true
    fi
}

# Set (or, with an empty value, remove) our line in [Default Applications] of mimeapps.list.
set_default_in_mimeapps() {
    list=$CONFIG/mimeapps.list
    value=$1
    mkdir -p "$CONFIG"
    [ -f "$list" ] || : >"$list"
    awk -v key="$MIME_TYPE" -v value="$value" '
        BEGIN { done = 0; section = "" }
        /^\[.*\]$/ {
            if (section == "[Default Applications]" && !done && value != "") {
                print key "=" value; done = 1
            }
            section = $0; print; next
        }
        section == "[Default Applications]" && index($0, key "=") == 1 {
            if (!done && value != "") { print key "=" value; done = 1 }
            next
        }
        { print }
        END {
            if (!done && value != "") {
                if (section != "[Default Applications]") print "[Default Applications]"
                print key "=" value
            }
        }' "$list" >"$list.tmp.$$"
    mv "$list.tmp.$$" "$list"
}

if [ "$uninstall" -eq 1 ]; then
    rm -f "$APPS/$DESKTOP_ID" "$MIME/packages/dossier.xml"
    for size in $SIZES; do
        rm -f "$ICONS/${size}x${size}/apps/dossier.png" \
              "$ICONS/${size}x${size}/mimetypes/application-x-dossier.png"
    done
    rm -f "$ICONS/scalable/apps/dossier.svg" "$ICONS/scalable/mimetypes/application-x-dossier.svg"
    [ -f "$CONFIG/mimeapps.list" ] && set_default_in_mimeapps ""
    refresh
    say "Dossier's menu entry, icons and file type were removed for $(id -un 2>/dev/null || echo you)."
    exit 0
fi

if [ -z "$program" ]; then
    for candidate in "$HERE/dossier" "$HERE/../dist/dossier/dossier" "$HERE/../.venv/bin/dossier"; do
        if [ -f "$candidate" ] && [ -x "$candidate" ]; then
            program=$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")
            break
        fi
    done
fi
if [ -z "$program" ] && have dossier; then
    program=$(command -v dossier)
fi
[ -n "$program" ] || fail "no dossier program found; build it (make package) or pass --exec PATH"
case "$program" in
    /*) ;;
    *) program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program") ;;
esac

# Desktop entry Exec values quote an argument with spaces in double quotes, inside which
# ", `, $ and \ take a backslash; then the string rule doubles every backslash (and sed
# needs its own escaping on top).
quoted=$program
case "$program" in
    *[[:space:]\"\`\$\\]*)
        quoted=\"$(printf '%s' "$program" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g')\" ;;
esac
sed_value=$(printf '%s' "$quoted" | sed 's/[\\&|]/\\&/g')
tryexec=$(printf '%s' "$program" | sed 's/[\\&|]/\\&/g')

mkdir -p "$APPS" "$MIME/packages" "$ICONS/scalable/apps" "$ICONS/scalable/mimetypes"
sed -e "s|^Exec=.*|Exec=$sed_value %f|" -e "s|^TryExec=.*|TryExec=$tryexec|" \
    -e '/^# packaging\/install-desktop.sh/d' \
    "$RES/linux/dossier.desktop" >"$APPS/$DESKTOP_ID.tmp.$$"
mv "$APPS/$DESKTOP_ID.tmp.$$" "$APPS/$DESKTOP_ID"
cp "$RES/linux/dossier-mime.xml" "$MIME/packages/dossier.xml"
for size in $SIZES; do
    png=$RES/icons/png/dossier-$size.png
    [ -f "$png" ] || continue
    mkdir -p "$ICONS/${size}x${size}/apps" "$ICONS/${size}x${size}/mimetypes"
    cp "$png" "$ICONS/${size}x${size}/apps/dossier.png"
    cp "$png" "$ICONS/${size}x${size}/mimetypes/application-x-dossier.png"
done
cp "$RES/icons/dossier.svg" "$ICONS/scalable/apps/dossier.svg"
cp "$RES/icons/dossier.svg" "$ICONS/scalable/mimetypes/application-x-dossier.svg"
refresh

if have xdg-mime && xdg-mime default "$DESKTOP_ID" "$MIME_TYPE" >/dev/null 2>&1; then
    :
else
    set_default_in_mimeapps "$DESKTOP_ID"
fi

say "Dossier is registered for $(id -un 2>/dev/null || echo you): $APPS/$DESKTOP_ID runs $program"
say "*.dossier files ($MIME_TYPE) now open with Dossier."

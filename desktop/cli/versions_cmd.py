"""``duplicates`` and ``fold``: sources that are versions of one document, made into one.

    dossier duplicates PROJECT [--json]
    dossier fold PROJECT KEEP OTHER [--text-from KEEP|OTHER]

``duplicates`` lists pairs of sources with the same URL or title whose texts are
nearly the same; ``fold`` keeps KEEP, makes OTHER's text one of its versions,
moves OTHER's annotations onto it and re-attaches them (one undoable step).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from desktop.cli.common import open_ctx, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("duplicates", help="list sources that look like versions of one document")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print a JSON list of pairs")
    p.set_defaults(handler=cmd_duplicates)

    p = sub.add_parser("fold", help="make two versions of one document into one source")
    p.add_argument("path")
    p.add_argument("keep", help="the source to keep (uid, uid prefix or id)")
    p.add_argument("other", help="the source that becomes a version of it")
    p.add_argument("--text-from", choices=("keep", "other"), default=None,
                   help="whose text becomes the current one (default: the one imported later)")
    p.set_defaults(handler=cmd_fold)


def cmd_duplicates(args: argparse.Namespace) -> int:
    from desktop.services.near_duplicates import project_near_duplicates
    from desktop.services.sources import get_source

    with open_ctx(args.path, read_only=True) as ctx, ctx.reading() as session:
        found = project_near_duplicates(session)
        titles = {uid: get_source(session, uid).title
                  for pair in found for uid in (pair.first_uid, pair.second_uid)}
    if args.json:
        print_json([{**asdict(d), "first_title": titles[d.first_uid],
                     "second_title": titles[d.second_uid]} for d in found])
        return 0
    for d in found:
        print(f"{d.first_uid[:13]}  {d.second_uid[:13]}  {d.describe()}: "
              f"“{titles[d.first_uid]}” / “{titles[d.second_uid]}”")
    if not found:
        print("no sources look like versions of one document")
    return 0


def cmd_fold(args: argparse.Namespace) -> int:
    from desktop.services.counts import plural
    from desktop.services.fold_sources import fold_source
    from desktop.services.sources import resolve_source

    with open_ctx(args.path) as ctx:
        with ctx.reading() as session:
            keep = resolve_source(session, args.keep).uid
            other = resolve_source(session, args.other).uid
        text_from = {"keep": keep, "other": other}.get(args.text_from or "")
        changes = fold_source(ctx, keep, other, text_from=text_from)
    orphaned, total = changes.extra.get("orphaned", 0), changes.extra.get("anchors", 0)
    print(f"{changes.label}: {total - orphaned} of {plural(total, 'annotation')} on their "
          f"words, {orphaned} orphaned" + (" (listed by `dossier check`)" if orphaned else ""))
    return 0

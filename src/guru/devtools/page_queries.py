"""SQL queries per guidance page view, as a Markdown table (docs/benchmarks.md).

    DATABASE_URL=sqlite:///demo.db python -m guru.devtools.page_queries \\
        [--user handlaggare --user redaktor] [--page SLUG ...]

Against a database with the demo (``manage.py load_demo``): each live guidance page
(or those given by slug) is fetched as each user, once to record the visit, then
again with the queries counted, the page and its print view. Nothing is written
but the users' page visits.
"""

import argparse
import os
import statistics


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first view records the visit; later ones update it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return len(queries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", action="append", dest="users")
    parser.add_argument("--page", action="append", dest="slugs")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guru.settings.dev")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from guru.handbook.models import GuidancePage

    pages = GuidancePage.objects.live().order_by("path")
    if args.slugs:
        pages = pages.filter(slug__in=args.slugs)
    users = args.users or ["handlaggare", "redaktor"]
    print("| page | user | page view | print view |")
    print("|---|---|---|---|")
    totals: dict[str, list[int]] = {user: [] for user in users}
    for username in users:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        for page in pages:
            view = count_queries(client, page.url)
            printed = count_queries(client, page.url + "utskrift/")
            totals[username].append(view)
            print(f"| {page.slug} | {username} | {view} | {printed} |")
    for username, counts in totals.items():
        print(
            f"\n{username}: page view min {min(counts)}, median "
            f"{statistics.median(counts):g}, max {max(counts)} ({len(counts)} pages)"
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times the queries an analyst runs over imported registry data against a running server,
each twice, and prints a Markdown table: the query, what it answered (its size, so that a fast
answer is seen to be a full one), the first and the second wall time.

The ids come from the records served, not from a list written here: the first ROR record's id
and name (the name misspelled the way a person types it: two letters swapped), the first
work's DOI and the first ORCID its authors give, and the institution of most co-publication
partners, found by the first query of the works run. Answers are kept under --answers.

  queries.py --url http://127.0.0.1:18124/graphql --answers DIR --ror-file ror.jsonl \
      [--works-file openalex-works.jsonl.gz]
"""
import argparse
import gzip
import json
import os
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--answers", required=True)
parser.add_argument("--ror-file", required=True)
parser.add_argument("--works-file")
args = parser.parse_args()
os.makedirs(args.answers, exist_ok=True)


def first_record(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return json.loads(next(lines))


def misspelled(name):
    """Two letters of its longest word swapped in the middle, as a hurried typist does."""
    words = name.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) >= 4:
        m = len(w) // 2
        words[i] = w[: m - 1] + w[m] + w[m - 1] + w[m + 1 :]
    return " ".join(words)


def post(query):
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        args.url, data=body, headers={"content-type": "application/json", "accept": "application/json"}
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        raw = response.read()
    elapsed = time.perf_counter() - start
    return json.loads(raw), elapsed, len(raw)


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


rows = []


def run(name, query, summary, times=2, may_refuse=False):
    """Runs the query `times` times; `summary(data)` says what it answered. A query the
    service may refuse (a view over its size cap) is shown refused, with the reason, and gives
    None; any other error stops the run."""
    timings = []
    for k in range(times):
        answer, elapsed, size = post(query)
        timings.append(elapsed)
        if k == 0:
            with open(os.path.join(args.answers, name + ".json"), "w") as out:
                json.dump(answer, out, indent=1)
    if answer.get("errors"):
        if not may_refuse:
            raise SystemExit(f"{query}\nanswered errors: {answer['errors']}")
        error = answer["errors"][0]
        code = error.get("extensions", {}).get("code", "")
        rows.append((query, f"refused ({code}): {error['message']}", timings))
        return None
    rows.append((query, f"{summary(answer['data'])}; {size:,} bytes", timings))
    return answer["data"]


ror = first_record(args.ror_file)
ror_id = ror["id"].rsplit("/", 1)[-1]
ror_name = next(n["value"] for n in ror["names"] if "ror_display" in n["types"])
works_only = "collaboration: {agreements: 0, labs: 0, works: 1}"


def hits(results):
    return f"{len(results)} hit" + ("" if len(results) == 1 else "s")


def network_size(data):
    return f"{len(data['network']['nodes']):,} nodes, {len(data['network']['edges']):,} edges"


if args.works_file:
    work = first_record(args.works_file)
    doi = work["doi"]
    orcid = next(a["author"]["orcid"] for a in work["authorships"] if a["author"].get("orcid"))
    run(
        "countries",
        "{ network(network: {projection: COUNTRIES}) { nodes { id weight } edges { id weight } } }",
        network_size,
    )
    countries = run(
        "countries-works",
        "{ network(network: {projection: COUNTRIES, " + works_only + "}) { nodes { id weight } edges { id weight workCount } } }",
        network_size,
    )

    def central(name, countries_filter):
        return run(
            name,
            "{ centrality(measure: DEGREE, first: 5, network: {projection: INSTITUTIONS, "
            + countries_filter
            + works_only
            + "}) { score node { label degree attributes { name value } node { id } } } }",
            lambda d: "the five institutions of most co-publication partners, the first with "
            + f"{d['centrality'][0]['node']['degree']:,}",
            may_refuse=True,
        )

    # The institutions of most co-publication partners: of the whole projection when the
    # service builds a view that big, else of the countries that publish most, the first
    # whose view it builds.
    hubs = central("hubs", "")
    for country in sorted(countries["network"]["nodes"], key=lambda n: -n["weight"]):
        if hubs:
            break
        code = country["id"].split(":", 1)[1]
        hubs = central("hubs-" + code, f'countries: ["{code}"], ')
    hub = hubs["centrality"][0]["node"]["node"]["id"]
    hub_country = next(a["value"] for a in hubs["centrality"][0]["node"]["attributes"] if a["name"] == "country")
    run(
        "countries-2020",
        '{ network(network: {projection: COUNTRIES, from: "2020", to: "2020", '
        + works_only
        + "}) { nodes { id weight } edges { id weight workCount } } }",
        network_size,
    )
    run(
        "institutions-of-hub-country",
        f'{{ network(network: {{projection: INSTITUTIONS, countries: ["{hub_country}"], limit: 2000, '
        + works_only
        + "}) { truncated nodes { id weight } edges { id weight workCount } } }",
        lambda d: f"{network_size(d)}, truncated: {str(d['network']['truncated']).lower()}",
        may_refuse=True,
    )
    run(
        "hub-collaborators",
        f'{{ node(id: "{hub}") {{ ... on Institution {{ name works {{ totalCount }} '
        "collaborators(first: 10) { totalCount nodes { partner { id } weight workCount works(first: 3) { nodes { id } } } } } } }",
        lambda d: f"{d['node']['collaborators']['totalCount']:,} partners over "
        + f"{d['node']['works']['totalCount']:,} works",
    )
    run(
        "hub-works-2020",
        f'{{ node(id: "{hub}") {{ ... on Institution {{ works(fromYear: 2020, toYear: 2020, first: 10) {{ totalCount nodes {{ id title }} }} }} }} }}',
        lambda d: f"{d['node']['works']['totalCount']:,} works",
    )
    run(
        "works-2020",
        "{ works(filter: {fromYear: 2020, toYear: 2020}, first: 10) { totalCount nodes { id title } } }",
        lambda d: f"{d['works']['totalCount']:,} works",
    )
    run(
        "work-by-doi",
        f'{{ work(doi: "{doi}") {{ id title authorships(first: 5) {{ nodes {{ name institutions {{ id }} }} }} }} }}',
        lambda d: "found" if d["work"] else "not found",
    )
    run(
        "person-by-orcid",
        f'{{ person(orcid: "{orcid}") {{ name works {{ totalCount }} coauthors(first: 5) {{ totalCount nodes {{ workCount }} }} }} }}',
        lambda d: f"{d['person']['works']['totalCount']:,} works, "
        + f"{d['person']['coauthors']['totalCount']:,} co-authors",
    )

run(
    "institution-by-ror",
    f'{{ institution(ror: "{ror_id}") {{ id name country ror }} }}',
    lambda d: "found" if d["institution"] else "not found",
)
run(
    "search-name",
    f'{{ search(text: {json.dumps(ror_name)}, types: [INSTITUTION], first: 10) {{ score node {{ id }} }} }}',
    lambda d: hits(d["search"]),
)
run(
    "search-misspelled",
    f'{{ search(text: {json.dumps(misspelled(ror_name))}, types: [INSTITUTION], first: 10) {{ score node {{ id }} }} }}',
    lambda d: hits(d["search"]) + ", "
    + ("the record first" if d["search"] and d["search"][0]["node"]["id"].endswith(ror_id) else "the record not first"),
)
run(
    "search-everything",
    '{ search(text: "University", first: 10) { score node { id } } }',
    lambda d: hits(d["search"]),
)

print("| query | answered | first | again |")
print("|---|---|---:|---:|")
for query, answered, timings in rows:
    shown = query.replace("|", "\\|")
    print(f"| `{shown}` | {answered} | {ms(timings[0])} | {ms(timings[1])} |")

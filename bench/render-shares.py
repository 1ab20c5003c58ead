#!/usr/bin/env python3
"""Shares of a folded-stack profile (inferno-collapse-perf output): where the samples' own
time is (the leaf frame, by kind) and what the larger parts take with everything below them.
Usage: render-shares.py folded.txt"""
import re
import sys

LEAF_KINDS = [
    ("allocation (malloc/free/realloc)", r"malloc|free|realloc|__rust_alloc|__rust_dealloc|_int_|alloc::raw_vec|memmove|memcpy|memset"),
    ("kernel and system calls (network, futex)", r"\[kernel|entry_SYSCALL|^__|syscall|epoll|futex|send|recv|write|read"),
    ("formatting and escaping of text", r"core::fmt|escape|html_escape|String as core::fmt::Write|write_str"),
    ("hashing and maps", r"hash|Hash|sip|fxhash|ahash"),
    ("JSON of the hydration data", r"serde_json|serde::"),
    ("atomics and locks", r"parking_lot|Mutex|RwLock|atomic|Arc<"),
]
INCLUSIVE = [
    ("database (sea-orm, sqlx, SQLite)", r"sea_orm|sqlx|sqlite3"),
    ("Leptos rendering (views → HTML, reactive graph)", r"tachys|leptos|reactive_graph|any_spawner"),
    ("i18n (app::i18n)", r"app::i18n"),
    ("catalogue filtering (in memory)", r"catalogue_cache|db::catalogue"),
    ("hyper, axum, tower (HTTP)", r"hyper|axum|tower"),
    ("tracing", r"tracing"),
    ("page store (public_pages)", r"public_pages"),
]


def main(path):
    total = 0
    leaf = {name: 0 for name, _ in LEAF_KINDS}
    leaf_other = 0
    incl = {name: 0 for name, _ in INCLUSIVE}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            try:
                n = int(count)
            except ValueError:
                continue
            total += n
            frames = stack.split(";")
            last = frames[-1]
            for name, rx in LEAF_KINDS:
                if re.search(rx, last):
                    leaf[name] += n
                    break
            else:
                leaf_other += n
            for name, rx in INCLUSIVE:
                if any(re.search(rx, fr) for fr in frames):
                    incl[name] += n
    if total == 0:
        print("no samples")
        return
    print(f"samples: {total}")
    print("\n| own time (leaf frame) | share |\n|---|---|")
    for name, _ in LEAF_KINDS:
        print(f"| {name} | {100 * leaf[name] / total:.1f} % |")
    print(f"| everything else | {100 * leaf_other / total:.1f} % |")
    print("\n| with everything it calls | share |\n|---|---|")
    for name, _ in INCLUSIVE:
        print(f"| {name} | {100 * incl[name] / total:.1f} % |")


if __name__ == "__main__":
    main(sys.argv[1])

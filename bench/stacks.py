"""Summarise py-spy's collapsed stacks (bench/profile.sh): the functions with the most samples.

    python bench/stacks.py STACKS [TOP]

"own" counts the samples in which a function was running itself, "incl." those in which it was on
the stack (what it called included, counted once per sample). Frames are shown as function (file:line
of the definition's module, shortened to the project or the package).
"""

import re
import sys
from collections import Counter

PACKAGE = re.compile(r".*/(site-packages|lib/python3\.\d+)/")


def frame_name(frame: str) -> str:
    # py-spy raw frames: "function (path/to/file.py:line)"
    match = re.match(r"(.*) \((.*?):\d+\)$", frame)
    if not match:
        return frame
    function, path = match.groups()
    path = PACKAGE.sub("", path)
    path = re.sub(r"^/work/[^/]+/", "", path)
    return f"{function} ({path})"


def main(path: str, top: int) -> None:
    own, inclusive, total = Counter(), Counter(), 0
    for line in open(path, encoding="utf-8"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = [frame_name(f) for f in stack.split(";")]
        # The first frame is the process ("process 123:…"): not a function.
        frames = [f for f in frames if not f.startswith("process ")]
        if not frames:
            continue
        total += n
        own[frames[-1]] += n
        for name in set(frames):
            inclusive[name] += n
    print(f"{total} samples")
    for title, counter in (("own", own), ("incl.", inclusive)):
        print(f"\n{title:>6}  function")
        for name, n in counter.most_common(top):
            print(f"{n / total:>6.1%}  {name}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)

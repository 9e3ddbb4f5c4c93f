// Jest setup file: the test venv (test/support/global-setup.mjs) first on PATH, as actions/setup-python
// puts a Python with the project's tools first on a runner's. Its pinned griffe is what the API check
// finds there, so no test installs it from PyPI; a test of the private venv names a PATH without it.
import { delimiter, join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), '.cache', 'py-venv', 'bin');
const path = process.env.PATH ?? '/usr/bin:/bin';
if (!path.split(delimiter).includes(bin)) process.env.PATH = `${bin}${delimiter}${path}`;

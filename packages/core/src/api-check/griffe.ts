import { CommandError, runCommand } from '../git/exec.js';
import { oneLine, UserError } from '../errors.js';
import type { PythonTool } from '../publish/python.js';

/**
 * griffe (PyPI `griffe`), pinned: it parses a package's code and compares two versions of its API,
 * never importing or running it. One Python process checks every package of a run.
 */
export const GRIFFE: PythonTool = { pip: 'griffe==2.4.1', module: 'griffe', version: '2.4.1' };

/** One package's modules at its previous release (`old`) and now (`new`): folders griffe searches. */
export interface ApiComparison {
  readonly name: string;
  readonly modules: readonly { readonly name: string; readonly old: string; readonly new: string }[];
}

/** One breaking change as griffe reports it (BreakageKind's name), before it is put in words. */
export interface RawBreakage {
  readonly kind: string;
  /** The dotted path of the object whose API broke (the function, for a parameter). */
  readonly path: string;
  /** `module`, `class`, `function`, `attribute`, `type alias` or `name` (an imported name). */
  readonly object: string;
  /** The parameter concerned, for the parameter kinds. */
  readonly parameter?: string;
  readonly old?: string;
  readonly new?: string;
}

export interface PackageBreakages {
  readonly name: string;
  /** At most BREAKAGE_LIMIT of them; `more` counts the rest. */
  readonly breakages: readonly RawBreakage[];
  readonly more: number;
  /** Modules griffe could not read (a syntax error): the comparison is incomplete, and says so. */
  readonly errors: readonly string[];
}

/** The most breaking changes a package's report lists: the rest are counted. */
export const BREAKAGE_LIMIT = 50;
/** griffe reads a few files per millisecond: ten minutes is far beyond any package. */
export const API_CHECK_TIMEOUT_MS = 10 * 60_000;
/** The most output the check may print: 50 changes of every package of a large monorepo, and more. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * The program griffe runs: the request on stdin, one JSON line per package on stdout. Static analysis
 * only (allow_inspection=False), no path taken as a module name (try_relative_path=False), griffe's
 * own logging silenced. A default changed and an attribute's value changed are not breaking here.
 */
const CHECK_SCRIPT = String.raw`
import json, logging, sys
logging.disable(logging.CRITICAL)
import griffe
from griffe import BreakageKind, ParameterKind

LIMIT = int(sys.argv[1])
NOT_BREAKING = {BreakageKind.PARAMETER_CHANGED_DEFAULT, BreakageKind.ATTRIBUTE_CHANGED_VALUE}

def load(name, root):
    try:
        return griffe.load(name, search_paths=[root], allow_inspection=False, try_relative_path=False,
                           find_stubs_package=False, resolve_aliases=False, store_source=False)
    except ModuleNotFoundError:
        return None

def kind_of(obj):
    if obj is None:
        return "name"
    if getattr(obj, "is_alias", False):
        return "name"
    kind = getattr(obj, "kind", None)
    return getattr(kind, "value", str(kind))

def text(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(getattr(v, "canonical_path", str(v)) for v in value)
    if hasattr(value, "kind") and isinstance(getattr(value, "kind"), ParameterKind):
        return value.kind.value
    return str(getattr(value, "value", value))

def record(b):
    entry = {"kind": b.kind.name, "path": b.obj.path, "object": kind_of(b.obj)}
    param = b.old_value if b.old_value is not None and hasattr(b.old_value, "required") else b.new_value
    if b.kind.name.startswith("PARAMETER_") and param is not None:
        entry["parameter"] = param.name
    if b.kind is BreakageKind.OBJECT_REMOVED:
        entry["object"] = kind_of(b.old_value)
    else:
        entry["old"] = text(b.old_value)
        entry["new"] = text(b.new_value)
    return entry

def modules_of(module, found=None):
    found = {} if found is None else found
    found[module.path] = module
    for sub in module.modules.values():
        if not sub.is_alias:
            modules_of(sub, found)
    return found

def names(exports):
    return set() if exports is None else {str(name) for name in exports}

def left_all(old, new):
    # griffe's own rules make a name outside __all__ private, but do not report one taken out of it.
    now = modules_of(new)
    for path, module in modules_of(old).items():
        other = now.get(path)
        if other is None or module.exports is None or other.exports is None:
            continue
        for name in sorted(names(module.exports) - names(other.exports)):
            if name in other.members:
                yield {"kind": "LEFT_ALL", "path": path + "." + name, "object": "name"}

request = json.load(sys.stdin)
for package in request:
    found, errors, count = [], [], 0
    for module in package["modules"]:
        try:
            old = load(module["name"], module["old"])
            if old is None:
                continue
            new = load(module["name"], module["new"])
            changes = ([{"kind": "OBJECT_REMOVED", "path": module["name"], "object": "module"}] if new is None
                       else [record(b) for b in griffe.find_breaking_changes(old, new) if b.kind not in NOT_BREAKING]
                       + list(left_all(old, new)))
        except Exception as error:
            errors.append(module["name"] + ": " + (str(error) or type(error).__name__)[:300])
            continue
        count += len(changes)
        found.extend(changes[:max(0, LIMIT - len(found))])
    print(json.dumps({"name": package["name"], "breakages": found, "more": count - len(found), "errors": errors}), flush=True)
`;

/** Compares every package's API in one Python process (`python` has griffe); one report per package. */
export async function compareApis(
  python: string,
  comparisons: readonly ApiComparison[],
  cwd: string,
): Promise<PackageBreakages[]> {
  if (comparisons.length === 0) return [];
  const result = await runCommand(python, ['-c', CHECK_SCRIPT, String(BREAKAGE_LIMIT)], {
    cwd,
    input: JSON.stringify(comparisons),
    extraEnv: { NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: API_CHECK_TIMEOUT_MS,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    displayName: 'python (griffe)',
  }).catch((error: unknown) => {
    const detail =
      error instanceof CommandError
        ? oneLine(
            [error.reason ?? '', error.stderr.trim().split('\n').filter(Boolean).at(-1) ?? ''].join(' '),
          )
        : String(error);
    throw new UserError(`the API check (griffe) failed: ${detail}`);
  });
  return result.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PackageBreakages);
}

import { CommandError, runCommand } from '../git/exec.js';
import { describeError, oneLine, UserError } from '../errors.js';
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
 * only (allow_inspection=False), no path taken as a module name (try_relative_path=False), no git
 * process of griffe's own per module, its logging silenced. A file the running Python cannot parse is
 * an error, never a module removed; a default changed and an attribute's value changed are not
 * breaking here. A public name a module imports from inside its package is its API where the module
 * has no `__all__` (griffe would count it private). The changes are sorted before they are cut.
 */
const CHECK_SCRIPT = String.raw`
import ast, json, logging, os, sys
logging.disable(logging.CRITICAL)
import griffe
from griffe import BreakageKind, ParameterKind
griffe.GitInfo.from_package = classmethod(lambda cls, package: None)

LIMIT = int(sys.argv[1])
NOT_BREAKING = {BreakageKind.PARAMETER_CHANGED_DEFAULT, BreakageKind.ATTRIBUTE_CHANGED_VALUE}

def unparsable(name, root):
    """The dotted modules under root whose file this Python cannot parse, with the reason."""
    found = {}
    base = os.path.join(root, *name.split("."))
    files = [base + ".py"] if os.path.isfile(base + ".py") else []
    for folder, _, names in os.walk(base):
        files += [os.path.join(folder, n) for n in names if n.endswith(".py")]
    for path in files:
        try:
            with open(path, "rb") as handle:
                ast.parse(handle.read(), path)
        except (SyntaxError, ValueError) as error:
            dotted = os.path.relpath(path, root)[:-3].replace(os.sep, ".")
            found[dotted[:-9] if dotted.endswith(".__init__") else dotted] = type(error).__name__ + ": " + str(error)[:200]
    return found

def load(name, root):
    try:
        module = griffe.load(name, search_paths=[root], allow_inspection=False, try_relative_path=False,
                             find_stubs_package=False, resolve_aliases=False, store_source=False)
    except ModuleNotFoundError:
        return None
    publish_reexports(module, name.split(".")[0])
    return module

def publish_reexports(module, top):
    for sub in [module, *modules_of(module).values()]:
        if sub.exports is not None:
            continue
        for member_name, member in sub.members.items():
            if member.is_alias and not member_name.startswith("_") and member.target_path.startswith(top + "."):
                member.public = True

def kind_of(obj):
    if obj is None or getattr(obj, "is_alias", False):
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

def within(path, modules):
    return any(path == m or path.startswith(m + ".") for m in modules)

def compare(module):
    broken = {**unparsable(module["name"], module["old"]), **unparsable(module["name"], module["new"])}
    errors = [name + ": " + reason for name, reason in sorted(broken.items())]
    old = load(module["name"], module["old"])
    if old is None:
        return [], errors
    new = load(module["name"], module["new"])
    if new is None:
        return [{"kind": "OBJECT_REMOVED", "path": module["name"], "object": "module"}], errors
    found = [record(b) for b in griffe.find_breaking_changes(old, new) if b.kind not in NOT_BREAKING]
    found += list(left_all(old, new))
    return [c for c in found if not within(c["path"], broken)], errors

request = json.load(sys.stdin)
for package in request:
    found, errors = [], []
    for module in package["modules"]:
        try:
            changes, unreadable = compare(module)
        except Exception as error:
            changes, unreadable = [], [module["name"] + ": " + (str(error) or type(error).__name__)[:300]]
        found += changes
        errors += unreadable
    found.sort(key=lambda c: (c["path"], c["kind"]))
    print(json.dumps({"name": package["name"], "breakages": found[:LIMIT], "more": max(0, len(found) - LIMIT), "errors": errors}), flush=True)
`;

/** Compares every package's API in one Python process (`python` has griffe); one report per package. */
export async function compareApis(
  python: string,
  comparisons: readonly ApiComparison[],
  cwd: string,
): Promise<PackageBreakages[]> {
  if (comparisons.length === 0) return [];
  // -I: nothing of the working directory, PYTHON* variables or the user's site is imported.
  const result = await runCommand(python, ['-I', '-c', CHECK_SCRIPT, String(BREAKAGE_LIMIT)], {
    cwd,
    input: JSON.stringify(comparisons),
    extraEnv: { NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: API_CHECK_TIMEOUT_MS,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    displayName: 'python (griffe)',
  }).catch((error: unknown) => {
    throw new UserError(`the API check (griffe) failed: ${failureOf(error)}`);
  });
  const reports = new Map<string, PackageBreakages>();
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const report = reportOf(line);
    if (report) reports.set(report.name, report);
  }
  // A package the check did not answer for is not "no change": it is a comparison that failed.
  return comparisons.map(
    (c) =>
      reports.get(c.name) ?? {
        name: c.name,
        breakages: [],
        more: 0,
        errors: ['griffe gave no answer for it'],
      },
  );
}

/** One line of the check's output as a report; null for anything else a site hook may have printed. */
function reportOf(line: string): PackageBreakages | null {
  try {
    const value = JSON.parse(line) as Partial<PackageBreakages>;
    return typeof value?.name === 'string' && Array.isArray(value.breakages) && Array.isArray(value.errors)
      ? (value as PackageBreakages)
      : null;
  } catch {
    return null;
  }
}

/** Why the check failed, in one line: its reason (a time limit, a signal, an exit code) and last words. */
function failureOf(error: unknown): string {
  if (!(error instanceof CommandError)) return describeError(error);
  const last = error.stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
  const how = error.reason ?? (error.signal ? `killed by ${error.signal}` : `exit code ${error.exitCode}`);
  return oneLine([how, last].filter(Boolean).join(': '));
}

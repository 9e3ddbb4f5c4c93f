import { UserError } from '../errors.js';
import { EXECUTABLE_FILE, REGULAR_FILE, SYMBOLIC_LINK } from '../git/repository.js';
import type { ReleasePlan } from '../plan/types.js';

/**
 * The mode a rewritten file keeps (an executable stays one). A symbolic link or a submodule is refused:
 * writing the new text would replace the link with a file, and the file it names would not change.
 */
export function modeToKeep(plan: ReleasePlan, path: string): string {
  // A folder on the way that is a link (`docs -> ../../shared/docs`) would become a folder of its own.
  const parts = path.split('/');
  const linkedFolder = parts
    .slice(1)
    .map((_, i) => parts.slice(0, i + 1).join('/'))
    .find((folder) => plan.fileModes.get(folder) === SYMBOLIC_LINK);
  if (linkedFolder) {
    throw new UserError(
      `${path} is under ${linkedFolder}, a symbolic link at ${plan.head.slice(0, 12)}, and a release rewrites it: point changelog or version-files at the file itself`,
      { file: path },
    );
  }
  const mode = plan.fileModes.get(path) ?? REGULAR_FILE;
  if (mode === REGULAR_FILE || mode === EXECUTABLE_FILE) return mode;
  const what = mode === SYMBOLIC_LINK ? 'a symbolic link' : `not a plain file (mode ${mode})`;
  throw new UserError(
    `${path} is ${what} at ${plan.head.slice(0, 12)}, and a release rewrites it: make it a plain file, or point changelog or version-files at the file itself`,
    { file: path },
  );
}

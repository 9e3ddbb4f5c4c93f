import type { RawBreakage } from './griffe.js';

/**
 * A breaking change in words, as the plan, the job summary and the changelog show it: "removed function
 * `pkg.mod.f`", "parameter `x` of `pkg.g` became required". Pure.
 */
export function describeBreakage(b: RawBreakage): string {
  const at = code(b.path);
  const parameter = `parameter ${code(b.parameter ?? '?')} of ${at}`;
  switch (b.kind) {
    case 'OBJECT_REMOVED':
      return `removed ${b.object} ${at}`;
    case 'PARAMETER_REMOVED':
      return `${parameter} was removed`;
    case 'PARAMETER_CHANGED_REQUIRED':
      return `${parameter} became required`;
    case 'PARAMETER_ADDED_REQUIRED':
      return `${at} has a new required parameter ${code(b.parameter ?? '?')}`;
    case 'PARAMETER_MOVED':
      return `positional ${parameter} moved`;
    case 'PARAMETER_CHANGED_KIND':
      return `${parameter} became ${b.new ?? 'another kind'} (was ${b.old ?? 'unknown'})`;
    case 'RETURN_CHANGED_TYPE':
      return `the return type of ${at} changed (${shown(b.old)} -> ${shown(b.new)})`;
    case 'OBJECT_CHANGED_KIND':
      return `${at} became ${article(b.new)} (was ${article(b.old)})`;
    case 'ATTRIBUTE_CHANGED_TYPE':
      return `the type of attribute ${at} changed (${shown(b.old)} -> ${shown(b.new)})`;
    case 'LEFT_ALL':
      return `${at} was taken out of \`__all__\``;
    case 'CLASS_REMOVED_BASE':
      return `class ${at} lost a base class (${shown(b.old)} -> ${shown(b.new)})`;
    default:
      return `${at}: ${b.kind.toLowerCase().replace(/_/g, ' ')}`;
  }
}

/** A Python dotted name in backticks: griffe's paths are identifiers (Unicode ones too) and dots; anything else is dropped. */
function code(name: string): string {
  return `\`${name.replace(/[^\p{L}\p{N}\p{M}\p{Pc}.]/gu, '')}\``;
}

/** A type or a list of bases as griffe prints it, cut short, without marks of Markdown or HTML. */
function shown(value: string | undefined): string {
  if (value === undefined || value === null || value === '') return 'none';
  const clean = value.replace(/[^\p{L}\p{N}\p{M}\p{Pc}.,[\] |]/gu, '');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

function article(kind: string | undefined): string {
  const word = (kind ?? 'object').replace(/[^\w ]/g, '');
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import {
  previewOutputs,
  releaseOutputs,
  type CutReleaseResult,
  type ReleasePreview,
} from '../packages/core/src/index.js';
import { ROOT } from './support/action-runner.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { ACTIONS, umbrellaMetadata } from '../scripts/umbrella-metadata.mjs';

interface Metadata {
  name?: string;
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string };
}

const read = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8')) as Metadata;

/** The names the action's code reads with the input helpers and writes with setOutput. */
function usedByCode(action: string) {
  const dir = join(ROOT, 'actions', action, 'src');
  const code = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const inputs = new Set(
    [
      ...code.matchAll(/(?:string|boolean|list|required|choice)Input(?:Untrimmed)?(?:<[^>]*>)?\('([^']+)'/g),
    ].map((m) => m[1]),
  );
  const outputs = new Set([...code.matchAll(/setOutput\('([^']+)'/g)].map((m) => m[1]));
  // cut-release sets the outputs the core's releaseOutputs names (shared with the CLI's --json).
  if (code.includes('releaseOutputs(')) {
    const nothing = { released: [], unpublished: [], releaseSha: null, releaseBranch: 'release' };
    for (const name of Object.keys(releaseOutputs(nothing as unknown as CutReleaseResult, false)))
      outputs.add(name);
  }
  // release-preview sets those of previewOutputs.
  if (code.includes('previewOutputs(')) {
    for (const name of Object.keys(previewOutputs({ releases: [] } as unknown as ReleasePreview)))
      outputs.add(name);
  }
  return { inputs, outputs };
}

describe.each(ACTIONS as string[])('%s/action.yml', (action) => {
  const meta = read(`${action}/action.yml`);

  it('has the fields GitHub requires and runs the committed bundle on node24', () => {
    expect(typeof meta.name).toBe('string');
    expect(typeof meta.description).toBe('string');
    expect(meta.runs?.using).toBe('node24');
    expect(meta.runs?.main).toBe(`../dist/${action}/index.js`);
    expect(existsSync(join(ROOT, action, meta.runs?.main as string))).toBe(true);
    for (const [name, input] of Object.entries(meta.inputs ?? {})) {
      expect([name, typeof input.description]).toEqual([name, 'string']);
      expect([name, typeof input.required]).toEqual([name, 'boolean']);
      if (!input.required) expect([name, typeof input.default]).toEqual([name, 'string']);
    }
    for (const [name, output] of Object.entries(meta.outputs ?? {}))
      expect([name, typeof output.description]).toEqual([name, 'string']);
  });

  it('declares exactly the inputs and outputs its code uses', () => {
    const used = usedByCode(action);
    expect([...used.inputs].sort()).toEqual(Object.keys(meta.inputs ?? {}).sort());
    expect([...used.outputs].sort()).toEqual(Object.keys(meta.outputs ?? {}).sort());
  });
});

describe('the umbrella action.yml', () => {
  it('is what scripts/umbrella-metadata.mjs generates (run npm run bundle after changing an action.yml)', () => {
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toBe(umbrellaMetadata());
  });

  it('declares command plus every input and output of the four actions, with the same defaults', () => {
    const umbrella = read('action.yml');
    expect(umbrella.runs).toEqual({ using: 'node24', main: 'dist/umbrella/index.js' });
    const inputs = new Map<string, unknown>([['command', undefined]]);
    const outputs = new Set<string>();
    for (const action of ACTIONS as string[]) {
      const meta = read(`${action}/action.yml`);
      for (const [name, input] of Object.entries(meta.inputs ?? {})) inputs.set(name, input.default);
      for (const name of Object.keys(meta.outputs ?? {})) outputs.add(name);
    }
    expect(Object.keys(umbrella.inputs ?? {}).sort()).toEqual([...inputs.keys()].sort());
    for (const [name, value] of inputs)
      expect([name, umbrella.inputs?.[name]?.default]).toEqual([name, value]);
    expect(Object.keys(umbrella.outputs ?? {}).sort()).toEqual([...outputs].sort());
    expect(existsSync(join(ROOT, dirname('action.yml'), 'dist/umbrella/index.js'))).toBe(true);
  });
});

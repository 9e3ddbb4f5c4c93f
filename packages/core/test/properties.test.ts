import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  compileReleaseCommitPattern,
  decideLoopGuard,
  DEFAULT_BOT_ACTORS,
  DEFAULT_RELEASE_BRANCHES,
  DEFAULT_RELEASE_COMMIT_PATTERN,
  UserError,
} from '../src/index.js';
import { insertChangelogSection } from '../src/changelog/file.js';
import { readPyProject } from '../src/toml/pyproject.js';
import { setPyProjectVersion } from '../src/updaters/pyproject-version.js';
import { normalizeName, TagFormat } from '../src/versioning/tags.js';
import { compareVersions, parseVersion, type Version } from '../src/versioning/version.js';

const RUNS = { numRuns: 300 };

/** A PEP 440 version as parts, and its canonical text. */
const versionParts = fc.record({
  epoch: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  release: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }),
  pre: fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc'), fc.integer({ min: 0, max: 20 })), { nil: null }),
  post: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  dev: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
});
type Parts = typeof versionParts extends fc.Arbitrary<infer T> ? T : never;

function canonical(p: Parts): string {
  return (
    (p.epoch ? `${p.epoch}!` : '') +
    p.release.join('.') +
    (p.pre ? `${p.pre[0]}${p.pre[1]}` : '') +
    (p.post !== null ? `.post${p.post}` : '') +
    (p.dev !== null ? `.dev${p.dev}` : '')
  );
}

/** The same version as people write it: a `v`, upper case, separators, long pre-release names. */
function spelled(p: Parts, style: number): string {
  const preNames: Record<string, string[]> = {
    a: ['a', 'alpha', 'A'],
    b: ['b', 'beta', 'B'],
    rc: ['rc', 'RC', 'c', 'pre', 'preview'],
  };
  const sep = ['', '.', '-', '_'][style % 4];
  const pre = p.pre ? `${sep}${preNames[p.pre[0]][style % preNames[p.pre[0]].length]}${sep}${p.pre[1]}` : '';
  const post =
    p.post !== null ? [`.post${p.post}`, `-post${p.post}`, `.POST${p.post}`, `-${p.post}`][style % 4] : '';
  const dev =
    p.dev !== null ? [`.dev${p.dev}`, `-dev${p.dev}`, `.DEV${p.dev}`, `dev${p.dev}`][style % 4] : '';
  // An implicit post release ("-N") cannot follow a pre-release written without one.
  const postText =
    post.startsWith('-') && /^\d/.test(post.slice(1)) && !p.post && p.post !== 0 ? `.post${p.post}` : post;
  return `${style % 3 === 0 ? 'v' : ''}${p.epoch ? `${p.epoch}!` : ''}${p.release.join('.')}${pre}${postText}${dev}`;
}

describe('PEP 440 properties', () => {
  it('normalizes every spelling to the canonical form, idempotently', () => {
    fc.assert(
      fc.property(versionParts, fc.nat(11), (parts, style) => {
        const text = parseVersion(spelled(parts, style)).text;
        expect(text).toBe(canonical(parts));
        expect(parseVersion(text).text).toBe(text);
      }),
      RUNS,
    );
  });

  it('orders versions totally: antisymmetric, transitive, and consistent with equality of the normal form', () => {
    fc.assert(
      fc.property(versionParts, versionParts, versionParts, (a, b, c) => {
        const [x, y, z] = [a, b, c].map((p) => parseVersion(canonical(p)));
        const xy = Math.sign(compareVersions(x, y));
        expect(Math.sign(compareVersions(y, x))).toBe(-xy || 0);
        if (compareVersions(x, y) <= 0 && compareVersions(y, z) <= 0)
          expect(compareVersions(x, z)).toBeLessThanOrEqual(0);
        if (x.text === y.text) expect(xy).toBe(0);
      }),
      RUNS,
    );
  });
});

describe('PEP 440 order: the example chain', () => {
  it("orders PEP 440's example chain strictly", () => {
    const chain = [
      '1.0.dev1',
      '1.0a1.dev1',
      '1.0a1',
      '1.0a1.post1.dev1',
      '1.0a1.post1',
      '1.0b1',
      '1.0rc1',
      '1.0',
      '1.0+abc',
      '1.0+abc.1',
      '1.0+1',
      '1.0+1.a',
      '1.0+1.1',
      '1.0.post1.dev1',
      '1.0.post1',
      '1.1.dev1',
      '1.1',
      '1!0.1',
    ].map((v) => parseVersion(v));
    for (let i = 0; i < chain.length; i += 1) {
      for (let j = 0; j < chain.length; j += 1) {
        expect([chain[i].text, chain[j].text, Math.sign(compareVersions(chain[i], chain[j]))]).toEqual([
          chain[i].text,
          chain[j].text,
          Math.sign(i - j),
        ]);
      }
    }
  });
});

const projectName = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,18}[A-Za-z0-9])?$/);

describe('tag properties', () => {
  it('parses back every rendered tag, also next to a package whose name is a prefix or contains -v', () => {
    fc.assert(
      fc.property(
        projectName,
        projectName,
        versionParts,
        fc.constantFrom('{name}-v{version}', '{name}@{version}', 'rel/{version}/{name}'),
        (name, other, parts, format) => {
          const tagFormat = new TagFormat(format);
          const version: Version = parseVersion(canonical(parts));
          const known = new Set([normalizeName(name), normalizeName(other), `${normalizeName(name)}-v1`]);
          const parsed = tagFormat.parse(tagFormat.render(name, version), known);
          expect(parsed?.name).toBe(normalizeName(name));
          expect(parsed?.version.text).toBe(version.text);
        },
      ),
      RUNS,
    );
  });
});

/** TOML building blocks with the characters that fool naive scanners: quotes, #, [, ], =, escapes. */
const tomlKey = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/).filter((k) => k !== 'version' && k !== 'name');
const nasty = fc.string({
  unit: fc.constantFrom('a', ' ', '#', '[', ']', '=', "'", '"', '\\', 'é', '{', ','),
  maxLength: 12,
});
const basicString = nasty.map((t) => JSON.stringify(t));
const literalString = nasty.filter((t) => !t.includes("'")).map((t) => `'${t}'`);
const multiline = nasty.map(
  (t) => `"""\n${t.replace(/\\/g, '\\\\').replace(/"""/g, '')}\n[tool.poetry]\nversion = "9"\n"""`,
);
const scalar = fc.oneof(basicString, literalString, fc.integer().map(String), fc.boolean().map(String));
const tomlValue = fc.oneof(
  scalar,
  multiline,
  fc.array(scalar, { maxLength: 3 }).map((xs) => `[\n  ${xs.join(',\n  # a comment with " and ]\n  ')}\n]`),
  fc
    .array(fc.tuple(tomlKey, scalar), { maxLength: 2 })
    .map((kv) => `{ ${[...new Map(kv)].map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
);
const entries = fc.uniqueArray(fc.tuple(tomlKey, tomlValue), { selector: ([k]) => k, maxLength: 4 });
const comment = nasty.map((t) => `# ${t}`);

describe('surgical pyproject.toml rewrite', () => {
  it('changes only the version string, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        entries,
        entries,
        entries,
        fc.array(comment, { maxLength: 2 }),
        fc.constantFrom('"', "'"),
        fc.constantFrom(' = ', '=', '   =\t'),
        fc.constantFrom('', '  # the version', ' #"quoted" [x]'),
        fc.nat(3),
        versionParts,
        fc.constantFrom('\n', '\r\n'),
        (before, inProject, after, comments, quote, eq, trailing, at, parts, eol) => {
          const lines = [
            ...comments,
            '[tool.before]',
            ...before.map(([k, v]) => `${k} = ${v}`),
            '',
            '[project]',
            'name = "pkg"',
          ];
          const projectLines = inProject.map(([k, v]) => `${k} = ${v}`);
          const versionLine = `version${eq}${quote}0.1.0${quote}${trailing}`;
          projectLines.splice(Math.min(at, projectLines.length), 0, versionLine);
          lines.push(...projectLines, '', '[tool.after]', ...after.map(([k, v]) => `${k} = ${v}`), '');
          const text = lines.join(eol);
          readPyProject(text, 'p'); // the generated document is valid TOML with a [project] version
          const next = parseVersion(canonical(parts));
          const out = setPyProjectVersion(text, 'p', next);
          expect(out).toBe(text.replace(versionLine, `version${eq}${quote}${next.text}${quote}${trailing}`));
          expect(readPyProject(out, 'p').version.text).toBe(next.text);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('changelog insertion', () => {
  it('keeps every byte of the previous file, inserting the section at one place', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.string({ maxLength: 60 }).map((s) => `# Changelog\r\n\r\n${s}`),
        ),
        fc.uuid(),
        (previous, marker) => {
          fc.pre(previous.trim() !== '');
          const section = `## ${marker}\n\n- change (abcdef1)\n`;
          const out = insertChangelogSection(previous, section);
          const eol = previous.includes('\r\n') ? '\r\n' : '\n';
          const body = section.replace(/\n/g, eol);
          const at = out.indexOf(body);
          expect(at).toBeGreaterThanOrEqual(0);
          if (/^(\uFEFF)?# [^\n]*$/.test(previous)) {
            // A title without a line end: the section follows it after one blank line.
            expect(out).toBe(`${previous}${eol}${eol}${body}`);
          } else {
            // Everywhere else the section and one line end are inserted at one place, and nothing else changes.
            expect(out.slice(0, at) + out.slice(at + body.length + eol.length)).toBe(previous);
            expect(out.slice(at + body.length, at + body.length + eol.length)).toBe(eol);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('loop-guard on event payloads with missing or odd fields', () => {
  const settings = {
    botActors: DEFAULT_BOT_ACTORS,
    releaseCommitPattern: compileReleaseCommitPattern(DEFAULT_RELEASE_COMMIT_PATTERN),
    branches: [],
    releaseBranches: DEFAULT_RELEASE_BRANCHES,
    prTargetBranch: 'master',
    prAllowedSources: ['test'],
  };
  // The fields loop-guard reads, each either absent or any JSON value at all (wrong types included).
  const anything = fc.option(fc.jsonValue(), { nil: undefined });
  const payload = fc.record(
    {
      ref: anything,
      deleted: anything,
      head_commit: fc.oneof(anything, fc.record({ message: anything }, { requiredKeys: [] })),
      workflow_run: fc.oneof(
        anything,
        fc.record(
          {
            conclusion: anything,
            event: anything,
            head_branch: anything,
            head_commit: anything,
            actor: anything,
          },
          { requiredKeys: [] },
        ),
      ),
      pull_request: fc.oneof(
        anything,
        fc.record(
          {
            number: anything,
            base: fc.oneof(
              anything,
              fc.record(
                { ref: anything, repo: fc.oneof(anything, fc.record({ full_name: anything })) },
                { requiredKeys: [] },
              ),
            ),
            head: fc.oneof(
              anything,
              fc.record(
                { ref: anything, repo: fc.oneof(anything, fc.record({ full_name: anything })) },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      repository: fc.oneof(anything, fc.record({ full_name: anything }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  );

  it('decides or fails with a one-line UserError, never a TypeError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'push',
          'workflow_run',
          'pull_request',
          'pull_request_target',
          'workflow_dispatch',
          'schedule',
        ),
        payload,
        fc.string(),
        (eventName, event, actor) => {
          try {
            const decision = decideLoopGuard(
              { eventName, event: event as Record<string, unknown>, actor, ref: 'refs/heads/test' },
              settings,
            );
            expect(typeof decision.proceed).toBe('boolean');
            expect(decision.reason).not.toBe('');
          } catch (error) {
            expect(error).toBeInstanceOf(UserError);
            expect((error as Error).message).not.toContain('\n');
          }
        },
      ),
      RUNS,
    );
  });
});

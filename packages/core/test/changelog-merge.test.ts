import { afterEach, describe, expect, it } from '@jest/globals';
import { cutRelease, Git, RecordingLogger, UserError, type CutReleaseOptions } from '../src/index.js';
import { chooseChangelogStart, resolveSideBySideInserts } from '../src/changelog/merge.js';
import { git, Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

const final: CutReleaseOptions = { mode: 'final', baseBranch: 'test', releaseBranch: 'release', push: true };
const LOG = 'libs/core/CHANGELOG.md';
const HISTORY = [
  '# Changelog',
  '',
  'All notable changes to core.',
  '',
  '## 0.9.0 (2025-01-01)',
  '',
  '- old fix, spelled tpyo (1111111)',
  '- another old fix (2222222)',
  '',
  '## 0.8.0 (2024-01-01)',
  '',
  '- first ever (3333333)',
  '',
].join('\n');

async function release(day: string, options: Partial<CutReleaseOptions> = {}) {
  repo.git('checkout', '--quiet', 'test');
  const logger = new RecordingLogger();
  const result = await cutRelease(
    new Git(repo.work),
    { ...final, now: new Date(`${day}T12:00:00Z`), ...options },
    logger,
  );
  repo.git('checkout', '--quiet', 'test');
  return { result, logger };
}

async function refusal(day: string): Promise<string> {
  const error = await release(day).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

/** Commits `files` on test with `message` and pushes them. */
function land(message: string, files: Record<string, string>): void {
  repo.git('checkout', '--quiet', 'test');
  repo.commit(message, files);
  repo.git('push', '--quiet', 'origin', 'test');
}

/**
 * A changelog with a note written by hand (lines ending in `eol`), released at core-v1.0.0; then the
 * base branch's file becomes `edited` by commit `message`, and a fix is released: core-v1.0.1's file.
 */
async function noteReleasedThen(message: string, edited: string, eol: string): Promise<string> {
  repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
  land('docs: start the changelog', { [LOG]: `# Changelog${eol}` });
  land('docs: a note', { [LOG]: `# Changelog${eol}${eol}A note written by hand.${eol}` });
  await release('2026-11-01');
  land(message, { [LOG]: edited });
  land('fix(core): x', { 'libs/core/x.py': '1\n' });
  await release('2026-11-02');
  return git(repo.origin, ['show', `core-v1.0.1:${LOG}`]);
}

describe('choosing what a new section goes on (pure)', () => {
  it('takes the unchanged side without a merge, and the base when it holds every released section', () => {
    const released = '# C\n\n## 1.0.0\n\n- a\n';
    expect(chooseChangelogStart({ released, releasedFrom: '# C\n', base: '# C\n' })).toEqual({
      text: released,
      because: null,
    });
    expect(chooseChangelogStart({ released: null, releasedFrom: undefined, base: '# C\n' })).toEqual({
      text: '# C\n',
      because: null,
    });
    expect(chooseChangelogStart({ released: '# C\n', releasedFrom: '# C\n', base: '# D\n' })).toEqual({
      text: '# D\n',
      because: 'edited on the base branch',
    });
    expect(
      chooseChangelogStart({
        released,
        releasedFrom: null,
        base: '# C\n\nNote.\n\n## 1.0.0\n\n- a, fixed\n',
      }),
    ).toEqual({
      text: '# C\n\nNote.\n\n## 1.0.0\n\n- a, fixed\n',
      because: 'the base branch holds every released section',
    });
    expect(chooseChangelogStart({ released, releasedFrom: '# C\n', base: '# C, edited\n' })).toEqual({
      merge: true,
    });
    // The commit the release was cut from is unknown: the released file, as before.
    expect(chooseChangelogStart({ released, releasedFrom: undefined, base: '# D\n' })).toEqual({
      text: released,
      because: null,
    });
  });
});

describe('hand edits to CHANGELOG.md on the base branch (DESIGN "Changelog")', () => {
  it('keeps edits near the top, in old history and at the end, with every released section', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    land('docs: changelog history from before pyrelease', { [LOG]: HISTORY });
    await release('2026-11-01');
    const first = git(repo.origin, ['show', `core-v1.0.0:${LOG}`]);
    expect(first).toMatch(/^# Changelog\n\nAll notable changes to core\.\n\n## 1\.0\.0 \(2026-11-01\)\n/);

    // After the release, a maintainer edits the base branch's file in three places.
    const edited = HISTORY.replace(
      'All notable changes to core.',
      'All notable changes to core, newest first.',
    )
      .replace('spelled tpyo', 'spelled right')
      .concat('\nOlder history: see docs/history.md.\n');
    land('docs: fix the changelog by hand', { [LOG]: edited });
    land('fix(core): after the hand edit', { 'libs/core/x.py': '1\n' });
    const second = await release('2026-11-02');
    expect(second.result.released.map((r) => r.tag)).toEqual(['core-v1.0.1']);
    const log = git(repo.origin, ['show', `core-v1.0.1:${LOG}`]);
    expect(
      log.startsWith('# Changelog\n\nAll notable changes to core, newest first.\n\n## 1.0.1 (2026-11-02)\n'),
    ).toBe(true);
    expect(log).toContain('\n## 1.0.0 (2026-11-01)\n');
    expect(log).toContain('- old fix, spelled right (1111111)');
    expect(log).not.toContain('tpyo');
    expect(log.endsWith('- first ever (3333333)\n\nOlder history: see docs/history.md.')).toBe(true);
    expect(second.logger.lines.map((l) => l.message)).toContain(
      `${LOG}: kept the edits made on the base branch since core-v1.0.0`,
    );

    // No edit since: the released file continues as it is.
    land('fix(core): one more', { 'libs/core/y.py': '1\n' });
    await release('2026-11-03');
    const third = git(repo.origin, ['show', `core-v1.0.2:${LOG}`]);
    const from = (text: string, heading: string) => text.slice(text.indexOf(heading));
    expect(from(third, '## 1.0.1 (')).toBe(from(log, '## 1.0.1 ('));
    expect(third.slice(0, third.indexOf('## 1.0.2 ('))).toBe(log.slice(0, log.indexOf('## 1.0.1 (')));
  });

  it('puts a note added by hand where the release added its sections above them, and refuses any other conflict', async () => {
    // Found by the simulator (test/simulation/cases/seed-8-runs-complete.json): a file that was only its heading.
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    land('docs: start the changelog', { [LOG]: '# Changelog\n' });
    await release('2026-11-01');
    land('docs: a note', { [LOG]: '# Changelog\n\nReleases before 1.0 are on the old index.\n' });
    land('fix(core): x', { 'libs/core/x.py': '1\n' });
    await release('2026-11-02');
    expect(git(repo.origin, ['show', `core-v1.0.1:${LOG}`])).toMatch(
      /^# Changelog\n\nReleases before 1\.0 are on the old index\.\n\n## 1\.0\.1 \(2026-11-02\)\n[^]*\n## 1\.0\.0 \(2026-11-01\)\n/,
    );
    const m = (c: string, label = '') => c.repeat(32) + (label && ` ${label}`);
    const conflict = (ancestor: string[], base: string[]) =>
      [
        '# C',
        m('<', 'released'),
        '## 1.0.0',
        '',
        '- a',
        m('|', 'ancestor'),
        ...ancestor,
        m('='),
        ...base,
        m('>', 'base'),
        '',
      ].join('\n');
    expect(resolveSideBySideInserts(conflict([], ['A note.', '']))).toBe('# C\nA note.\n\n## 1.0.0\n\n- a\n');
    // A line the base branch changed, or a section it wrote itself: a person decides.
    expect(resolveSideBySideInserts(conflict(['old line'], ['new line']))).toBeNull();
    expect(resolveSideBySideInserts(conflict([], ['## 0.9.0 by hand']))).toBeNull();
  });

  it('keeps the sections where the release put them when the base branch removed or reworded the text beside them', async () => {
    // Found by the simulator (test/simulation/cases/seed-312-runs-complete.json): a note written by
    // hand at the end of a file that had no section yet, released, then reverted on the base branch.
    const log = await noteReleasedThen('Revert "docs: a note"', '# Changelog\n', '\n');
    expect(log).toMatch(
      /^# Changelog\n\n## 1\.0\.1 \(2026-11-02\)\n[^]*\n## 1\.0\.0 \(2026-11-01\)\n\nFirst release\.$/,
    );
    expect(log).not.toContain('A note written by hand.');

    // The same with CRLF line ends, reworded rather than reverted: git writes its markers with `\r`.
    repo.cleanup();
    const crlf = await noteReleasedThen('docs: reword', '# Changelog\r\n\r\nA note, reworded.\r\n', '\r\n');
    expect(crlf).not.toMatch(/^[<|=>]{32}/m);
    expect(crlf).toMatch(
      /^# Changelog\r\n\r\n## 1\.0\.1 \(2026-11-02\)\r?\n[^]*## 1\.0\.0 \(2026-11-01\)[^]*\r\n\r\nA note, reworded\.$/,
    );

    const m = (c: string, label = '') => c.repeat(32) + (label && ` ${label}`);
    const conflict = (released: string[], ancestor: string[], base: string[]) =>
      [
        '# C',
        m('<', 'released'),
        ...released,
        m('|', 'ancestor'),
        ...ancestor,
        m('='),
        ...base,
        m('>', 'base'),
        '',
      ].join('\n');
    const sections = ['', '## 1.0.0', '', '- a'];
    const note = ['', 'Old note.'];
    // Sections before the text the base branch reworded, or after it.
    expect(resolveSideBySideInserts(conflict([...sections, ...note], note, ['', 'New note.']))).toBe(
      '# C\n\n## 1.0.0\n\n- a\n\nNew note.\n',
    );
    expect(resolveSideBySideInserts(conflict([...note, ...sections], note, ['', 'New note.']))).toBe(
      '# C\n\nNew note.\n\n## 1.0.0\n\n- a\n',
    );
    expect(resolveSideBySideInserts(conflict(['Old note.', '## 1.0.0'], ['Old note.'], ['New.']))).toBe(
      '# C\nNew.\n\n## 1.0.0\n',
    );
    // Sections in the middle of the text, a section the base branch wrote, text the release changed.
    const middle = ['Old note.', ...sections, 'More.'];
    expect(resolveSideBySideInserts(conflict(middle, ['Old note.', 'More.'], []))).toBeNull();
    expect(resolveSideBySideInserts(conflict([...sections, ...note], note, ['## 0.9.0 by hand']))).toBeNull();
    expect(resolveSideBySideInserts(conflict(['- a', ...note], note, []))).toBeNull();
  });

  it('fails on a real conflict naming the file and the fix, changing nothing; the fix works', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    await release('2026-11-01');
    // The base branch had no CHANGELOG.md; a maintainer starts one with a note, unaware of the tag's.
    land('docs: a note in the changelog', { [LOG]: '# Changelog\n\nThis package moved to libs/core.\n' });
    land('fix(core): something', { 'libs/core/x.py': '1\n' });
    const before = repo.originRefs();
    expect(await refusal('2026-11-02')).toMatch(
      new RegExp(
        `^${LOG}: the edits made on the base branch since core-v1\\.0\\.0 conflict with the sections released at core-v1\\.0\\.0 \\(\\d+ conflict\\(s\\)\\); nothing was changed: make ${LOG} on the base branch the file released at core-v1\\.0\\.0 \\(git show core-v1\\.0\\.0:${LOG}\\) with your edits applied, commit it, and release again$`,
      ),
    );
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('status', '--porcelain')).toBe('');

    // The fix the message names: the released file with the note, on the base branch.
    const releasedFile = repo.git('show', `core-v1.0.0:${LOG}`);
    const fixed = releasedFile.replace(
      '# Changelog\n\n',
      '# Changelog\n\nThis package moved to libs/core.\n\n',
    );
    land('docs: start from the released changelog', { [LOG]: `${fixed}\n` });
    const { result } = await release('2026-11-02');
    expect(result.released.map((r) => r.tag)).toEqual(['core-v1.0.1']);
    const log = git(repo.origin, ['show', `core-v1.0.1:${LOG}`]);
    expect(log).toMatch(
      /^# Changelog\n\nThis package moved to libs\/core\.\n\n## 1\.0\.1 \(2026-11-02\)\n[^]*\n## 1\.0\.0 \(2026-11-01\)\n/,
    );
  });

  it('keeps a hand edit through rc releases and into the final', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    land('docs: history', { [LOG]: HISTORY });
    await release('2026-11-01', { mode: 'rc', releaseBranch: 'release-test' });
    land('docs: fix a typo by hand', { [LOG]: HISTORY.replace('spelled tpyo', 'spelled right') });
    land('fix(core): x', { 'libs/core/x.py': '1\n' });
    await release('2026-11-02', { mode: 'rc', releaseBranch: 'release-test' });
    const rc2 = git(repo.origin, ['show', `core-v1.0.0rc2:${LOG}`]);
    expect(rc2).toContain('## 1.0.0rc2 (2026-11-02)');
    expect(rc2).toContain('## 1.0.0rc1 (2026-11-01)');
    expect(rc2).toContain('spelled right');
    await release('2026-11-03');
    const finalLog = git(repo.origin, ['show', `core-v1.0.0:${LOG}`]);
    expect(finalLog).toContain('spelled right');
    expect(finalLog).toMatch(/^# Changelog\n\nAll notable changes to core\.\n\n## 1\.0\.0 \(2026-11-03\)\n/);
  });
});

describe('released sections after a folder move', () => {
  it('finds the changelog of a first final that changed only CHANGELOG.md, after the folder moved', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    await release('2026-11-01');
    repo.git('checkout', '--quiet', 'test');
    repo.git('mv', 'libs/core', 'packages-core');
    repo.git('commit', '--quiet', '-m', 'refactor!: move core');
    repo.commit('fix(core): after the move', { 'packages-core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const { result } = await release('2026-11-02');
    const [released] = result.released;
    expect(released.tag).toMatch(/^core-v0\.[12]\.0$/);
    const log = git(repo.origin, ['show', `${released.tag}:packages-core/CHANGELOG.md`]);
    expect(log).toContain('## 0.1.0 (2026-11-01)');
  });
});

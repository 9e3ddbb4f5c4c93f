import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS } from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';

/**
 * The whole PEP 440 channel set through the bundles on real git: cut-release in each mode, one after
 * another on one base branch (a1 -> a2 -> b1 -> rc1 -> final -> post1, and dev releases between), and
 * publish-from-tag building the tags it made, each built file carrying the tag's version.
 */

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '1.0.0' },
  { path: 'libs/cli', name: 'acme-cli', version: '0.3.0' },
];

let repo: Monorepo;
beforeAll(() => {
  repo = Monorepo.create(PACKAGES);
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => repo.cleanup());

interface Released {
  readonly name: string;
  readonly version: string;
  readonly tag: string;
  readonly channel: string;
}

/** cut-release in `mode` from the tip of test, pushing, as the runner runs it (action.yml defaults). */
async function cut(mode: string) {
  repo.git('push', '--quiet', 'origin', 'test');
  const run = await runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      mode,
      'base-branch': 'test',
      'release-branch': 'release-test',
      'create-github-release': 'false',
      'repository-url': 'none',
    },
    env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
  });
  repo.git('checkout', '--quiet', 'test');
  const released = run.code === 0 ? (JSON.parse(run.outputs.released) as Released[]) : [];
  return { run, released, versions: released.map((r) => `${r.tag} ${r.channel}`) };
}

function change(message: string, file = 'libs/core/src/core/api.py') {
  repo.commit(message, { [file]: `# ${message}\n` });
}

/** publish-from-tag at `tag` in a fresh clone, as actions/checkout leaves it: built and verified, not uploaded. */
function build(tag: string, expect: string) {
  return runAction('publish-from-tag', {
    cwd: repo.checkoutTag(tag),
    inputs: { tag, expect, 'dry-run': 'true', 'build-command': 'python -m build --no-isolation' },
    env: { PATH: PATH_WITH_TOOLS },
  });
}

describe('every release channel, through the cut-release and publish-from-tag bundles', () => {
  it('goes a1 -> a2 -> b1 -> rc1 -> final -> post1, with dev releases that nothing else counts', async () => {
    expect((await cut('final')).versions).toEqual(['acme-cli-v0.3.0 final', 'core-v1.0.0 final']);
    const steps: [string, string, string[]][] = [
      ['feat(core): a new api', 'alpha', ['core-v1.1.0a1 alpha']],
      ['fix(core): the new api', 'alpha', ['core-v1.1.0a2 alpha']],
      ['fix(core): its docstring', 'dev', ['core-v1.1.0a3.dev1 dev']],
      ['fix(core): an edge', 'beta', ['core-v1.1.0b1 beta']],
      ['fix(core): the last one', 'rc', ['core-v1.1.0rc1 rc']],
    ];
    for (const [message, mode, versions] of steps) {
      change(message);
      const { run, versions: made } = await cut(mode);
      expect([mode, run.code, annotations(run.stdout, 'error'), made]).toEqual([mode, 0, [], versions]);
    }
    // A beta after the rc of the same target goes back: one line, and nothing is pushed.
    change('fix(core): one more');
    const tagsBefore = git(repo.origin, ['tag', '--list']);
    const back = await cut('beta');
    expect([back.run.code, annotations(back.run.stdout, 'error')]).toEqual([
      1,
      [
        'core: 1.1.0rc1 is released already, so a beta of 1.1.0 would go back: release it in rc mode, or raise the version with a Release-As footer',
      ],
    ]);
    expect(git(repo.origin, ['tag', '--list'])).toBe(tagsBefore);

    // The final lists every change since 1.0.0, the dev release's too, and no section of a pre-release.
    const final = await cut('final');
    expect(final.versions).toEqual(['core-v1.1.0 final']);
    const changelog = repo.originFile('core-v1.1.0', 'libs/core/CHANGELOG.md');
    for (const [message] of steps)
      expect(changelog).toContain(message.replace('fix(core): ', '').replace('feat(core): ', ''));
    expect(changelog).toContain('one more');
    expect(changelog).not.toMatch(/## \[?1\.1\.0(a|b|rc|\.dev)/);

    // A post release of the published final: from a final run, at the footer's version.
    change('docs(core): the readme PyPI shows\n\nRelease-As: 1.1.0.post1', 'libs/core/README.md');
    expect((await cut('rc')).versions).toEqual([]);
    const post = await cut('final');
    expect([annotations(post.run.stdout, 'error'), post.versions]).toEqual([[], ['core-v1.1.0.post1 post']]);
    expect(JSON.parse(post.run.outputs.publish)).toEqual([
      expect.objectContaining({ tag: 'core-v1.1.0.post1', channel: 'post' }),
    ]);

    // Built at their tags, each version is the tag's, in its channel, bound for its index.
    const built = await build('core-v1.1.0.post1', 'final');
    expect([
      built.code,
      annotations(built.stdout, 'error'),
      built.outputs.version,
      built.outputs.channel,
    ]).toEqual([0, [], '1.1.0.post1', 'post']);
    expect(built.outputs['repository-url']).toBe('https://upload.pypi.org/legacy/');
    expect(built.outputs.files).toContain('core-1.1.0.post1.tar.gz');
    const beta = await build('core-v1.1.0b1', 'alpha, beta, rc');
    expect([beta.code, beta.outputs.version, beta.outputs.channel, beta.outputs['repository-url']]).toEqual([
      0,
      '1.1.0b1',
      'beta',
      'https://test.pypi.org/legacy/',
    ]);
    const refused = await build('core-v1.1.0a3.dev1', 'alpha, beta, rc');
    expect([refused.code, annotations(refused.stdout, 'error')]).toEqual([
      1,
      [
        'tag core-v1.1.0a3.dev1 is a dev release (1.1.0a3.dev1), but expect admits alpha, beta and rc releases only',
      ],
    ]);
  });
});

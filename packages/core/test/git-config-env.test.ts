import { describe, expect, it } from '@jest/globals';
import { gitConfigCount, withoutHooks } from '../src/git/git.js';
import { tokenAuthEnv } from '../src/git/remote.js';

describe('configuration through GIT_CONFIG_COUNT', () => {
  it('puts the hooks entry after those the environment holds, and never drops it for a count git would refuse', () => {
    expect(withoutHooks({}, { GIT_CONFIG_COUNT: '2' })).toEqual({
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_2: 'core.hooksPath',
      GIT_CONFIG_VALUE_2: '/dev/null',
    });
    for (const bad of ['-1', 'x', '']) {
      const env = withoutHooks({}, { GIT_CONFIG_COUNT: bad });
      expect([bad, env.GIT_CONFIG_KEY_0, env.GIT_CONFIG_COUNT]).toEqual([bad, 'core.hooksPath', '1']);
    }
    expect(gitConfigCount(undefined)).toBe(0);
  });

  it('stacks the token entries and the hooks entry without overwriting each other', () => {
    const auth = tokenAuthEnv('https://example.com/o/r.git', 't', { GIT_CONFIG_COUNT: '-1' });
    const env = withoutHooks(auth, { GIT_CONFIG_COUNT: '-1' });
    expect(env.GIT_CONFIG_COUNT).toBe('3');
    expect([env.GIT_CONFIG_KEY_0, env.GIT_CONFIG_KEY_1, env.GIT_CONFIG_KEY_2]).toEqual([
      'http.https://example.com/.extraheader',
      'http.https://example.com/.extraheader',
      'core.hooksPath',
    ]);
  });
});

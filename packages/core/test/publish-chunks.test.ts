import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MATRIX_LIMIT, parseChunkLimits, publishChunks, UserError, type PublishChunk } from '../src/index.js';
import type { TaggedRelease } from '../src/publish/unpublished.js';
import { CHANNELS, isPreReleaseChannel, type Channel } from '../src/versioning/channels.js';

const release = (i: number, channel: Channel): TaggedRelease => ({
  name: `p${i}`,
  version: '1.0.0',
  previous: null,
  tag: `p${i}-v1.0.0`,
  path: `libs/p${i}`,
  channel,
});

const sizes = (chunks: readonly PublishChunk[]) => chunks.map((c) => c.count);

describe('publish-chunks', () => {
  it('cuts the publish list in chunks of the size, evenly, in order', () => {
    const publish = Array.from({ length: 21 }, (_, i) => release(i, 'final'));
    const chunks = publishChunks(publish, { size: 10, most: 256 });
    expect(sizes(chunks)).toEqual([7, 7, 7]);
    expect(chunks[0]).toEqual({
      id: '1',
      tags: 'p0-v1.0.0 p1-v1.0.0 p2-v1.0.0 p3-v1.0.0 p4-v1.0.0 p5-v1.0.0 p6-v1.0.0',
      expect: 'final',
      final: true,
      count: 7,
    });
    expect(publishChunks([], { size: 10, most: 256 })).toEqual([]);
  });

  it('keeps finals and post releases apart from pre-releases, with the channels to expect', () => {
    const publish = [release(0, 'rc'), release(1, 'final'), release(2, 'post'), release(3, 'dev')];
    expect(publishChunks(publish, { size: 10, most: 256 }).map((c) => [c.tags, c.expect, c.final])).toEqual([
      ['p1-v1.0.0 p2-v1.0.0', 'final,post', true],
      ['p0-v1.0.0 p3-v1.0.0', 'rc,dev', false],
    ]);
  });

  it('fits any number of packages in one matrix: 300 tags in chunks of 1 are 256 jobs', () => {
    const publish = Array.from({ length: 300 }, (_, i) => release(i, 'final'));
    const chunks = publishChunks(publish, { size: 1, most: MATRIX_LIMIT });
    expect(chunks).toHaveLength(256);
    expect(sizes(chunks).filter((n) => n === 2)).toHaveLength(44);
  });

  it('holds for any list and limits: at most `most` chunks, every tag once and in order, never mixed', () => {
    const channel = fc.constantFrom(...CHANNELS);
    fc.assert(
      fc.property(
        fc.array(channel, { maxLength: 1200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 2, max: MATRIX_LIMIT }),
        (channels, size, most) => {
          const publish = channels.map((c, i) => release(i, c));
          const chunks = publishChunks(publish, { size, most });
          expect(chunks.length).toBeLessThanOrEqual(most);
          expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => String(i + 1)));
          const finals = publish.filter((r) => !isPreReleaseChannel(r.channel)).map((r) => r.tag);
          const pre = publish.filter((r) => isPreReleaseChannel(r.channel)).map((r) => r.tag);
          expect(chunks.flatMap((c) => c.tags.split(' '))).toEqual([...finals, ...pre]);
          for (const c of chunks) {
            const tags = c.tags.split(' ');
            expect(c.count).toBe(tags.length);
            const own = publish.filter((r) => tags.includes(r.tag));
            expect(own.every((r) => isPreReleaseChannel(r.channel) === !c.final)).toBe(true);
            expect(c.expect.split(',').sort()).toEqual([...new Set(own.map((r) => r.channel))].sort());
          }
          // Within each part the chunks differ by one tag at most; no chunk is larger than it must be.
          for (const final of [true, false]) {
            const part = sizes(chunks.filter((c) => c.final === final));
            if (part.length > 0) expect(Math.max(...part) - Math.min(...part)).toBeLessThanOrEqual(1);
          }
          const wanted = Math.ceil(finals.length / size) + Math.ceil(pre.length / size);
          if (wanted <= most) expect(chunks.length).toBe(wanted);
          else expect(chunks.length).toBe(most);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads its inputs, with one line naming the input for anything else', () => {
    expect(parseChunkLimits('', '')).toEqual({ size: 10, most: 256 });
    expect(parseChunkLimits(' 25 ', '64')).toEqual({ size: 25, most: 64 });
    for (const [size, most, message] of [
      ['0', '', 'publish-chunk-size must be a whole number from 1 to 1000, got "0"'],
      ['ten', '', 'publish-chunk-size must be a whole number from 1 to 1000, got "ten"'],
      ['10', '257', 'publish-max-chunks must be a whole number from 2 to 256, got "257"'],
      ['10', '1', 'publish-max-chunks must be a whole number from 2 to 256, got "1"'],
      ['10', '2.5', 'publish-max-chunks must be a whole number from 2 to 256, got "2.5"'],
    ]) {
      expect(() => parseChunkLimits(size, most)).toThrow(new UserError(message));
    }
  });
});

/** The packing of the grammar snapshot (src/parser/snapshot-codec.ts) gives back the text exactly. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packText, unpackText } from '../../src/parser/snapshot-codec.js';
import { grammarSnapshot } from '../../src/parser/parser.js';

describe('snapshot codec', () => {
  it('round-trips the grammar snapshot, in less than half the room', () => {
    const text = grammarSnapshot();
    const packed = packText(text);
    expect(unpackText(packed)).toBe(text);
    expect(packed.length).toBeLessThan(text.length / 2);
  });

  it('round-trips any text without ~, overlapping repeats included', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', 'b', '[', ']', '1', ',', '"', '\\', 'é'), maxLength: 12 });
    const text = fc.array(fc.tuple(piece, fc.nat(40)), { maxLength: 30 }).map((parts) => parts.map(([p, n]) => p.repeat(n % 7)).join('') + 'x'.repeat(200));
    fc.assert(fc.property(text, (t) => unpackText(packText(t)) === t), { seed: 7, numRuns: 300 });
  });

  it('refuses text it cannot pack', () => {
    expect(() => packText('a~b')).toThrow(/contains ~/);
  });
});

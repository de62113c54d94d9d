// Goal: prepared import rows cross the worker boundary unchanged, whatever the cells contain.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { packPrepared, unpackPrepared } from '../../src/import/parallel-read.ts';

// Any text: CSV lines carry names and process numbers with quotes, line breaks, control characters.
const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const item = fc.record({
  numero: fc.string({ unit: 'binary', maxLength: 30 }),
  enteId: fc.string({ unit: 'binary', maxLength: 30 }),
  hash: fc.base64String({ maxLength: 22 }),
  row: anyText,
  beneficiarios: fc.array(anyText, { maxLength: 4 }),
  grants: fc.array(anyText, { maxLength: 2 }),
  snapshot: anyText,
});

it('unpack(pack(items)) = items, control characters and all', () => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 20 }), (items) => {
      expect(unpackPrepared(packPrepared(items))).toEqual(items);
    }),
    { numRuns: 500 },
  );
});

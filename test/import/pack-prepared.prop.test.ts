// Goal: prepared import rows cross the worker boundary unchanged, whatever the cells contain.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { packPrepared, unpackPrepared } from '../../src/import/parallel-read.ts';

const jsonText = fc.jsonValue().map((v) => JSON.stringify(v));
const item = fc.record({
  numero: fc.string({ unit: 'binary', maxLength: 30 }),
  enteId: fc.string({ unit: 'binary', maxLength: 30 }),
  hash: fc.base64String({ maxLength: 22 }),
  row: jsonText,
  beneficiarios: fc.array(jsonText, { maxLength: 4 }),
  grants: fc.array(jsonText, { maxLength: 2 }),
  snapshot: jsonText,
});

it('unpack(pack(items)) = items, control characters and all', () => {
  fc.assert(fc.property(fc.array(item, { maxLength: 20 }), (items) => {
    expect(unpackPrepared(packPrepared(items))).toEqual(items);
  }), { numRuns: 500 });
});

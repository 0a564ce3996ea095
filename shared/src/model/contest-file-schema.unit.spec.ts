import { expect, test } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import publishedSchema from '../../../docs/contest-file.schema.json' with { type: 'json' };
import { ContestFileSchema, JSON_SCHEMA_DIALECT, contestFileJsonSchema } from './contest-file-schema.ts';
import { DEMO_CONTEST } from '../demo/index.ts';

test('the committed docs/contest-file.schema.json is the generated schema (run scripts/write-schema.ts)', () => {
  expect(publishedSchema).toEqual(contestFileJsonSchema());
});

test('the published schema declares draft 2020-12 and its id', () => {
  const schema = contestFileJsonSchema();
  expect(schema['$schema']).toBe(JSON_SCHEMA_DIALECT);
  expect(schema['$id']).toBe('https://leitai.invalid/contest-file.schema.json');
});

test('the published schema is plain JSON (no TypeBox symbols lost in transit)', () => {
  const schema = contestFileJsonSchema();
  expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
});

test('point values such as 15, 0.3 and 33.33 pass the shape check (float multipleOf would reject them)', () => {
  const contest = JSON.parse(JSON.stringify(DEMO_CONTEST)) as typeof DEMO_CONTEST;
  const [a, b, c, d] = contest.stages[0]!.segments;
  a!.weight = 0.3;
  b!.weight = 15;
  c!.weight = 33.33;
  d!.weight = 51.37;
  expect(Value.Check(ContestFileSchema, contest)).toBe(true);
});

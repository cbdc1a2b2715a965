// The README's config table and the schema must list the same keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configKeys } from '../../infra/config';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Configuration reference'));
const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| key |')));
// Rows of the 4-column table: | `key` | type | default | meaning | (cells may contain escaped pipes `\|`).
const tableKeys = [...table.matchAll(/^\| `([^`]+)` \|(?:[^|]|\\\|)+\|(?:[^|]|\\\|)+\|(?:[^|]|\\\|)+\|$/gm)].map((m) => m[1]!);

test('every schema key is documented in the README config table', () => {
  const missing = configKeys().filter((key) => !tableKeys.includes(key));
  assert.deepEqual(missing, []);
});

test('the README table documents no key the schema does not have', () => {
  const known = new Set(configKeys());
  assert.deepEqual(tableKeys.filter((key) => !known.has(key)), []);
});

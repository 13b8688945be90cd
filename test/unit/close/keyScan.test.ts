import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { seen } from './helpers';

// A root hook: runs once every test file of the suite is done, over everything the tests' clients logged
// and every error they caught.
after('no API key appears in any log entry or error of the Close client tests', () => {
  assert.ok(seen.secrets.size > 0 && seen.logs.length > 0 && seen.errors.length > 0, 'nothing was collected');
  const texts = [
    ...seen.logs.flat().map((entry) => JSON.stringify(entry)),
    ...seen.errors.flatMap((error) => [String(error), (error as Error)?.stack ?? '', inspect(error)]),
  ];
  for (const text of texts) for (const secret of seen.secrets) assert.ok(!text.includes(secret), `a key leaked into: ${text.slice(0, 200)}`);
});

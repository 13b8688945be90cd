// The kept cut of Close's OpenAPI text (test/fixtures/close-openapi/) against the full text beside the repository:
// the only test that reads ../shared, so the cut cannot drift from what Close publishes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURE_PATH, readOpenApi, REPO_ROOT, SERVED_PATHS, servedAnswers, type OpenApi } from '../../support/closeOpenApi';

const FULL_TEXT = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'close-openapi.yml');

describe("the kept cut of Close's OpenAPI text", () => {
  it('is what the full text says for every answer the fake serves, schema by schema', function () {
    if (!fs.existsSync(FULL_TEXT)) {
      // Visible in the report as a pending test with its reason, never as a pass.
      this.test!.title += ` (skipped: no full text at ${FULL_TEXT}, so the cut cannot be compared)`;
      this.skip();
    }
    const kept = readOpenApi(FIXTURE_PATH);
    const full = servedAnswers(readOpenApi(FULL_TEXT));
    assert.deepEqual(Object.keys(kept.paths), Object.keys(full.paths), 'the served paths');
    assert.deepEqual(Object.keys(kept.components.schemas).sort(), Object.keys(full.components.schemas).sort(), 'the schemas the answers use');
    for (const name of Object.keys(full.components.schemas)) assert.deepEqual(kept.components.schemas[name], full.components.schemas[name], `schema ${name}`);
    assert.deepEqual(kept, full);
  });
});

describe('servedAnswers', () => {
  const doc: OpenApi = {
    paths: Object.fromEntries(
      SERVED_PATHS.map((pathName) => [
        pathName,
        { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } } } } },
      ]),
    ),
    components: {
      schemas: {
        Page: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } },
        Item: { type: 'object', properties: { kind: { $ref: '#/components/schemas/Kind' } } },
        Kind: { type: 'string', enum: ['a', 'b'] },
        Unused: { type: 'string' },
      },
    },
  };

  it('keeps the schemas the answers use, through references of references, and drops the others', () => {
    assert.deepEqual(Object.keys(servedAnswers(doc).components.schemas), ['Item', 'Kind', 'Page']);
    assert.deepEqual(servedAnswers(doc).components.schemas.Kind, { type: 'string', enum: ['a', 'b'] });
  });

  it('fails on a served path the text has no answer for, and on a reference to a schema it lacks', () => {
    const { '/me/': _, ...withoutMe } = doc.paths;
    assert.throws(() => servedAnswers({ ...doc, paths: withoutMe }), /no 200 answer for GET \/me\//);
    const { Kind: _kind, ...withoutKind } = doc.components.schemas;
    assert.throws(() => servedAnswers({ ...doc, components: { schemas: withoutKind } }), /refers to a schema it does not have: #\/components\/schemas\/Kind/);
  });
});

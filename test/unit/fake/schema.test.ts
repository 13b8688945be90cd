// The fake server agrees with Close's own OpenAPI text: every kind of object it serves validates against the
// schema Close publishes for that endpoint's answer (../shared/reference/close-openapi.yml beside the repo).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';

/** The repository's root: out/test/unit/fake → four levels up (the tests run compiled). */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const OPENAPI_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'close-openapi.yml');

interface OpenApi {
  paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> } }>;
  components: { schemas: Record<string, unknown> };
}

function loadOpenApi(): OpenApi {
  assert.ok(
    fs.existsSync(OPENAPI_PATH),
    `Close's OpenAPI text is missing: expected ${OPENAPI_PATH} (the shared/reference folder beside the repository). ` +
      'The fake server cannot be checked against Close without it.',
  );
  return parse(fs.readFileSync(OPENAPI_PATH, 'utf8')) as OpenApi;
}

describe("the fake server against Close's OpenAPI schema", function () {
  this.timeout(60_000);
  let server: FakeServer;
  let validator: (pathName: string) => (body: unknown) => string[];

  before(async () => {
    const doc = loadOpenApi();
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'close', components: doc.components });
    validator = (pathName) => {
      const schema = doc.paths[pathName]?.get?.responses['200']?.content?.['application/json']?.schema;
      assert.ok(schema, `the OpenAPI text has a 200 answer for GET ${pathName}`);
      // Refs inside the text point at '#/components/…' of the document registered as 'close'.
      const ref = (schema as { $ref?: string }).$ref;
      const validate = ajv.compile(ref ? { $ref: `close${ref}` } : schema);
      return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
    };
    server = await startFakeServer({ opportunities: 2000, seed: 1 });
  });
  after(() => server?.close());

  const get = async (relative: string): Promise<unknown> => {
    const response = await fetch(new URL(relative, server.url), { headers: { authorization: `Bearer ${server.key}` } });
    assert.equal(response.status, 200, relative);
    return response.json();
  };

  /** Every failing object with its first errors, so a failure says what is wrong. */
  const check = (what: string, items: readonly unknown[], validate: (body: unknown) => string[]) => {
    const failures = items.map((item) => ({ id: (item as { id?: string }).id, errors: validate(item) })).filter((f) => f.errors.length > 0);
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${items.length} ${what} do not validate`);
  };

  it('the file is there (a missing file fails, it does not skip)', () => {
    assert.ok(fs.existsSync(OPENAPI_PATH), `missing ${OPENAPI_PATH}`);
  });

  it('every generated opportunity validates against Opportunity, alone and in list pages', async () => {
    const one = validator('/opportunity/{id}/');
    check('opportunities', server.dataset.opportunities, one);
    const page = validator('/opportunity/');
    for (let skip = 0; skip < server.dataset.opportunities.length; skip += 200) {
      const body = await get(`opportunity/?_limit=200&_skip=${skip}`);
      assert.deepEqual(page(body), [], `the page at _skip=${skip}`);
    }
    check('answers of GET opportunity/{id}/', [await get(`opportunity/${server.dataset.opportunities[0].id}/`)], one);
  });

  it('statuses, pipelines, users and /me/ validate against their answers', async () => {
    assert.deepEqual(validator('/status/opportunity/')(await get('status/opportunity/')), []);
    assert.deepEqual(validator('/pipeline/')(await get('pipeline/')), []);
    assert.deepEqual(validator('/user/')(await get('user/')), []);
    assert.deepEqual(validator('/user/{id}/')(await get(`user/${server.dataset.users[0].id}/`)), []);
    assert.deepEqual(validator('/me/')(await get('me/')), []);
  });

  it('Smart Views validate against SavedSearch, in the list and alone', async () => {
    const list = (await get('saved_search/?type__in=lead,contact,opportunity')) as { data: unknown[] };
    assert.ok(list.data.length >= 4);
    assert.deepEqual(validator('/saved_search/')(list), []);
    const one = validator('/saved_search/{id}/');
    check('Smart Views', await Promise.all(list.data.map((s) => get(`saved_search/${(s as { id: string }).id}/`))), one);
  });
});

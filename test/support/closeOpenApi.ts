// The part of Close's OpenAPI text that the fake server answers for, kept in the repository as
// test/fixtures/close-openapi/served-answers.yml so the fake is checked against Close without the full text.
// Rewrite the fixture from the full text (after `npm run compile-tests`):
//
//   node out/test/support/closeOpenApi.js path/to/close-openapi.yml
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

/** The repository's root, from this file compiled (out/test/support) or not (test/support). */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

export const FIXTURE_PATH = path.join(REPO_ROOT, 'test', 'fixtures', 'close-openapi', 'served-answers.yml');

/** Every GET the fake server answers with an object of Close's, as the OpenAPI text names its path. */
export const SERVED_PATHS = [
  '/opportunity/',
  '/opportunity/{id}/',
  '/status/opportunity/',
  '/pipeline/',
  '/user/',
  '/user/{id}/',
  '/me/',
  '/saved_search/',
  '/saved_search/{id}/',
] as const;

export type ServedPath = (typeof SERVED_PATHS)[number];

type Schema = Record<string, unknown>;

export interface OpenApi {
  paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> } }>;
  components: { schemas: Record<string, Schema> };
}

/** The schema of the 200 answer to GET `pathName`, or undefined when the text has none. */
export function answerSchema(doc: OpenApi, pathName: string): Schema | undefined {
  return doc.paths[pathName]?.get?.responses['200']?.content?.['application/json']?.schema;
}

/** The names of the component schemas `roots` refer to, directly or through others, in the order first met. */
function referencedSchemas(doc: OpenApi, roots: readonly unknown[]): string[] {
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key !== '$ref' || typeof inner !== 'string') visit(inner);
        else {
          const name = inner.replace('#/components/schemas/', '');
          if (names.includes(name)) continue;
          if (!(name in doc.components.schemas)) throw new Error(`the OpenAPI text refers to a schema it does not have: ${inner}`);
          names.push(name);
          visit(doc.components.schemas[name]);
        }
      }
    }
  };
  roots.forEach(visit);
  return names;
}

/**
 * The OpenAPI text cut to the 200 answers of the served paths and the schemas they use, each copied as is
 * (fields, required fields, types, formats, enums and all), so the cut validates exactly as the whole does.
 */
export function servedAnswers(doc: OpenApi): OpenApi {
  const roots = SERVED_PATHS.map((pathName) => {
    const schema = answerSchema(doc, pathName);
    if (!schema) throw new Error(`the OpenAPI text has no 200 answer for GET ${pathName}`);
    return [pathName, schema] as const;
  });
  const names = referencedSchemas(
    doc,
    roots.map(([, schema]) => schema),
  ).sort();
  return {
    paths: Object.fromEntries(roots.map(([pathName, schema]) => [pathName, { get: { responses: { '200': { content: { 'application/json': { schema } } } } } }])),
    components: { schemas: Object.fromEntries(names.map((name) => [name, doc.components.schemas[name]])) },
  };
}

export function readOpenApi(file: string): OpenApi {
  return parse(fs.readFileSync(file, 'utf8')) as OpenApi;
}

const HEADER = `# Close's OpenAPI text, cut to what the fake server (src/fake/) answers: the 200 answer of each GET it serves
# and every schema those answers use, copied unchanged. Written by test/support/closeOpenApi.ts; do not edit by
# hand. test/unit/fake/server.test.ts validates the fake's answers against it.
`;

if (require.main === module) {
  const source = process.argv[2];
  if (!source) {
    console.error('usage: node out/test/support/closeOpenApi.js path/to/close-openapi.yml');
    process.exitCode = 2;
  } else {
    fs.mkdirSync(path.dirname(FIXTURE_PATH), { recursive: true });
    fs.writeFileSync(FIXTURE_PATH, HEADER + stringify(servedAnswers(readOpenApi(source)), { lineWidth: 0 }));
    console.log(`wrote ${path.relative(REPO_ROOT, FIXTURE_PATH)}`);
  }
}

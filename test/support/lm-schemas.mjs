// Writes each chat tool's `inputSchema` into package.json's `languageModelTools`, from the filter declarations
// (src/lm/toolSchemas.ts, compiled to out/), so the manifest's copy never drifts (`npm run lm-schemas`; a unit
// test, test/unit/lm/toolSchemas.test.ts, holds the two equal).
//
//   node test/support/lm-schemas.mjs [--check]     (--check: exit 1 when package.json differs, write nothing)
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { toolInputSchemas } = require(path.join(REPO_ROOT, 'out/src/lm/toolSchemas.js'));
const { TOOL_NAMES } = require(path.join(REPO_ROOT, 'out/src/lm/toolNames.js'));

const file = path.join(REPO_ROOT, 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const schemas = toolInputSchemas();
const tools = manifest.contributes.languageModelTools ?? [];
for (const [key, name] of Object.entries(TOOL_NAMES)) {
  const tool = tools.find((entry) => entry.name === name);
  if (!tool) throw new Error(`package.json contributes no languageModelTools entry named ${name}`);
  tool.inputSchema = schemas[key];
}
const options = { ...(await prettier.resolveConfig(file)), filepath: file };
const text = await prettier.format(JSON.stringify(manifest, null, 2), options);
if (process.argv.includes('--check')) {
  if (text !== fs.readFileSync(file, 'utf8')) {
    console.error('package.json: the chat tools’ inputSchema differs from src/lm/toolSchemas.ts; run `npm run lm-schemas`.');
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, text);
}

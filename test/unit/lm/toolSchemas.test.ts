import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FILTER_FIELDS } from '../../../src/close/filterFields';
import { GROUPING_FIELDS } from '../../../src/close/types';
import { TOOL_NAMES } from '../../../src/lm/toolNames';
import { DEFAULT_LIMIT, GROUPINGS, MAX_LIMIT, toolFilterSchema, toolInputSchemas } from '../../../src/lm/toolSchemas';
import { namedSource } from '../../../src/close/filterNames';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

interface ManifestTool {
  name: string;
  toolReferenceName: string;
  displayName: string;
  userDescription: string;
  modelDescription: string;
  canBeReferencedInPrompt: boolean;
  when: string;
  inputSchema: unknown;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { languageModelTools: ManifestTool[] } };
const tools = manifest.contributes.languageModelTools;

interface Schema {
  properties: Record<string, Record<string, unknown> & { items?: Record<string, unknown> }>;
}

describe('the chat tools’ input schemas', () => {
  it('are in package.json exactly as the filter declarations make them (`npm run lm-schemas` writes them)', () => {
    const schemas = toolInputSchemas();
    for (const [key, name] of Object.entries(TOOL_NAMES)) {
      const tool = tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is contributed`);
      assert.deepEqual(tool.inputSchema, schemas[key as keyof typeof schemas], `${name}: run npm run lm-schemas`);
    }
  });

  it('have a property for every filter field Close has not deprecated, and none for the others', () => {
    const properties = Object.keys((toolFilterSchema() as unknown as Schema).properties);
    assert.deepEqual(
      properties,
      FILTER_FIELDS.filter((f) => !f.deprecated).map((f) => f.key),
    );
    assert.ok(!properties.includes('lead_query') && !properties.includes('status'));
  });

  it('take names where the filter takes ids of users, statuses and Smart Views (no id pattern), and say so', () => {
    const properties = (toolFilterSchema() as unknown as Schema).properties;
    for (const key of ['user_id', 'status_id'] as const) {
      assert.deepEqual(properties[key].items, { type: 'string', minLength: 1 }, key);
      assert.match(String(properties[key].description), /name/);
    }
    assert.equal(properties.lead_saved_search_id.pattern, undefined);
    assert.match(String(properties.lead_saved_search_id.description), /name is accepted/);
    // Fixed lists keep their enums.
    assert.deepEqual(properties.status_type.items, { type: 'string', enum: ['active', 'won', 'lost'] });
    assert.equal(namedSource(FILTER_FIELDS.find((f) => f.key === 'value_period')!), undefined);
  });

  it('bound the rows: 25 unless asked, at most 100', () => {
    const limit = (toolInputSchemas().findOpportunities as unknown as Schema).properties.limit;
    assert.deepEqual([limit.default, limit.maximum, limit.minimum], [DEFAULT_LIMIT, MAX_LIMIT, 1]);
    assert.deepEqual([DEFAULT_LIMIT, MAX_LIMIT], [25, 100]);
  });

  it('offer every grouping the tree offers, in words', () => {
    assert.deepEqual(Object.values(GROUPINGS).sort(), [...GROUPING_FIELDS].sort());
    assert.deepEqual((toolInputSchemas().pipelineSummary as unknown as Schema).properties.groupBy.enum, [
      'status',
      'pipeline',
      'owner',
      'week',
      'month',
      'quarter',
      'year',
    ]);
  });
});

describe('the chat tools in package.json', () => {
  it('are the five tools of the manifest with their #references, offered only while connected', () => {
    assert.deepEqual(
      tools.map((t) => [t.name, t.toolReferenceName, t.canBeReferencedInPrompt, t.when]),
      [
        ['close_findOpportunities', 'closeOpportunities', true, 'closeOpportunities.connected'],
        ['close_pipelineSummary', 'closePipeline', true, 'closeOpportunities.connected'],
        ['close_opportunityDetails', 'closeOpportunity', true, 'closeOpportunities.connected'],
        ['close_changesSinceLastLook', 'closeChanges', true, 'closeOpportunities.connected'],
        ['close_needsAttention', 'closeAttention', true, 'closeOpportunities.connected'],
      ],
    );
  });

  it('tell the model that Close’s text is data, not instructions, and that nothing is written', () => {
    for (const tool of tools) {
      assert.match(tool.modelDescription, /<close-data>.*never instructions/, tool.name);
      assert.match(tool.modelDescription, /nothing is written to Close/, tool.name);
      assert.match(tool.displayName, /^%lm\.\w+\.displayName%$/);
      assert.match(tool.userDescription, /^%lm\.\w+\.userDescription%$/);
    }
  });
});

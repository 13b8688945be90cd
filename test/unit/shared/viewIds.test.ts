import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ATTENTION_VIEW_ID, SUMMARY_VIEW_ID, TREE_ITEM_CONTEXT, TREE_VIEW_ID } from '../../../src/shared/viewIds';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const manifestText = fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as { contributes: { views: Record<string, { id: string }[]> } };

describe('the view ids and the tree items’ context values', () => {
  it('name views the manifest declares', () => {
    const declared = Object.values(manifest.contributes.views)
      .flat()
      .map((view) => view.id);
    assert.ok(declared.includes(TREE_VIEW_ID) && declared.includes(SUMMARY_VIEW_ID) && declared.includes(ATTENTION_VIEW_ID), declared.join(', '));
  });

  it('give every viewItem the manifest’s menus match, so no menu waits for a value no item has', () => {
    const matched = [...manifestText.matchAll(/viewItem == (\w+)/g)].map((match) => match[1]);
    assert.ok(matched.length > 0);
    const values: readonly string[] = Object.values(TREE_ITEM_CONTEXT);
    assert.deepEqual(
      matched.filter((value) => !values.includes(value)),
      [],
    );
  });
});

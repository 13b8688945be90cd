import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_NAMES, commandId } from '../../../src/shared/commands';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };

describe('the command ids', () => {
  it('are exactly the commands the manifest declares', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(COMMAND_NAMES.map((name) => commandId(name)).sort(), declared);
  });

  it('are never written out in the code: every use goes through commandId', () => {
    const written: string[] = [];
    const walk = (folder: string) => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.ts') && !file.endsWith(path.join('shared', 'commands.ts'))) {
          for (const name of COMMAND_NAMES)
            if (fs.readFileSync(file, 'utf8').includes(`'closeOpportunities.${name}'`)) written.push(`${path.relative(REPO_ROOT, file)}: ${name}`);
        }
      }
    };
    walk(path.join(REPO_ROOT, 'src'));
    assert.deepEqual(written, []);
  });
});

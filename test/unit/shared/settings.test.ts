// The numeric settings as the extension uses them: clamped to their range whatever VS Code returns.
import * as assert from 'node:assert/strict';
import { clampSetting, readSettings } from '../../../src/shared/settings';

/** A configuration holding `values`, like `vscode.workspace.getConfiguration('closeOpportunities')`. */
function config(values: Record<string, unknown>) {
  return { get: <T>(name: string): T | undefined => values[name] as T | undefined };
}

describe('settings clamped at run time', () => {
  it('keeps values inside their ranges as they are', () => {
    assert.deepEqual(readSettings(config({ pageSize: 25, maxConcurrency: 4, requestTimeoutSeconds: 2.5, autoRefreshMinutes: 15 })), {
      pageSize: 25,
      maxConcurrency: 4,
      requestTimeoutSeconds: 2.5,
      autoRefreshMinutes: 15,
    });
  });

  it('uses the defaults when a setting is missing or not a number', () => {
    assert.deepEqual(readSettings(config({ pageSize: 'lots', maxConcurrency: null, requestTimeoutSeconds: Number.NaN })), {
      pageSize: 100,
      maxConcurrency: 12,
      requestTimeoutSeconds: 30,
      autoRefreshMinutes: 0,
    });
  });

  it('clamps out-of-range values VS Code only warns about', () => {
    assert.deepEqual(readSettings(config({ pageSize: 10_000, maxConcurrency: 1e6, requestTimeoutSeconds: 1e9, autoRefreshMinutes: 1e9 })), {
      pageSize: 100,
      maxConcurrency: 32,
      requestTimeoutSeconds: 300,
      autoRefreshMinutes: 1440,
    });
    assert.deepEqual(readSettings(config({ pageSize: 0, maxConcurrency: -3, requestTimeoutSeconds: 0, autoRefreshMinutes: 0.001 })), {
      pageSize: 1,
      maxConcurrency: 1,
      requestTimeoutSeconds: 1,
      autoRefreshMinutes: 1,
    });
  });

  it('rounds counts down to whole numbers', () => {
    assert.equal(clampSetting('pageSize', 25.9), 25);
    assert.equal(clampSetting('maxConcurrency', 3.5), 3);
  });

  it('treats zero or a negative auto-refresh as off', () => {
    assert.equal(clampSetting('autoRefreshMinutes', 0), 0);
    assert.equal(clampSetting('autoRefreshMinutes', -5), 0);
  });
});

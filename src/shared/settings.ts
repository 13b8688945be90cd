// The numeric settings, read once in one place and clamped at run time: VS Code warns about a value outside
// the manifest's range but still returns it (a page size of 0, 10,000 requests at once, a timer of 1e9
// minutes that setInterval turns into 1 ms). No `vscode` import at run time, so plain Node tests use it.
import type * as vscode from 'vscode';

export interface Settings {
  /** Opportunities per page in the tree, 1–100. */
  pageSize: number;
  /** Requests in flight at once, 1–32. */
  maxConcurrency: number;
  /** Seconds to wait for one answer, 1–300. */
  requestTimeoutSeconds: number;
  /** 0 = off, else 1–1440 (one minute to one day). */
  autoRefreshMinutes: number;
}

interface Bound {
  default: number;
  min: number;
  max: number;
  integer: boolean;
}

export const SETTING_BOUNDS: Readonly<Record<keyof Settings, Bound>> = {
  pageSize: { default: 100, min: 1, max: 100, integer: true },
  maxConcurrency: { default: 12, min: 1, max: 32, integer: true },
  requestTimeoutSeconds: { default: 30, min: 1, max: 300, integer: false },
  autoRefreshMinutes: { default: 0, min: 1, max: 24 * 60, integer: false },
};

/** `raw` within the setting's range; the default when it is not a finite number (a string, null, NaN). */
export function clampSetting(name: keyof Settings, raw: unknown): number {
  const bound = SETTING_BOUNDS[name];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) return bound.default;
  // Auto-refresh: 0 (or less) is "off", not "as often as allowed".
  if (name === 'autoRefreshMinutes' && value <= 0) return 0;
  const whole = bound.integer ? Math.floor(value) : value;
  return Math.min(bound.max, Math.max(bound.min, whole));
}

/** Every numeric setting of `closeOpportunities`, clamped. */
export function readSettings(config: Pick<vscode.WorkspaceConfiguration, 'get'>): Settings {
  return {
    pageSize: clampSetting('pageSize', config.get<unknown>('pageSize')),
    maxConcurrency: clampSetting('maxConcurrency', config.get<unknown>('maxConcurrency')),
    requestTimeoutSeconds: clampSetting('requestTimeoutSeconds', config.get<unknown>('requestTimeoutSeconds')),
    autoRefreshMinutes: clampSetting('autoRefreshMinutes', config.get<unknown>('autoRefreshMinutes')),
  };
}

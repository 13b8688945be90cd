// A globalState / workspaceState stand-in for the unit suite: it keeps JSON, as VS Code does, so a value read
// back is a copy; updating to undefined removes the key.
import type { MementoLike } from '../../src/state/savedFilters';

export class JsonMemento implements MementoLike {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

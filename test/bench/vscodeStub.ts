// A stand-in for the `vscode` module, for running the built extension in plain Node (activationChild.ts,
// startupChild.ts): every name the API exports, each callable and constructible, doing nothing.
import * as fs from 'node:fs';
import Module from 'node:module';

/** A stand-in for any part of the vscode API: callable, constructible, every property another stand-in. */
export function stub(): unknown {
  const children = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  // Extension code assigns `item.name = …`: a function's own name and length are read-only.
  delete target.name;
  delete target.length;
  const proxy: unknown = new Proxy(target, {
    set: (object, property, value) => Reflect.defineProperty(object, property, { value, writable: true, configurable: true, enumerable: true }),
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(object, property) && property !== 'prototype') return object[property];
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.toPrimitive) return () => '';
      if (property === Symbol.iterator) return function* () {};
      if (property === 'prototype') return object.prototype;
      // configuration.get(key, default), globalState.get(key, default): the default.
      if (property === 'get') return (_key: unknown, fallback?: unknown) => fallback;
      if (property === 't') return (message: unknown) => (typeof message === 'string' ? message : '');
      let child = children.get(property);
      if (child === undefined) children.set(property, (child = stub()));
      return child;
    },
    apply: () => stub(),
    construct: (_object, _args, newTarget: { prototype?: object }) => Object.create(newTarget.prototype ?? null),
  });
  (target as { prototype: unknown }).prototype = new Proxy(
    {},
    {
      get: (object: Record<PropertyKey, unknown>, property) => (property in object ? object[property] : (proxy as Record<PropertyKey, unknown>)[property]),
    },
  );
  return proxy;
}

export function memento(file?: string): unknown {
  // Kept in `file` when given, so what one start stores (the organizations added) is there at the next.
  const values = new Map<string, unknown>(file && fs.existsSync(file) ? Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : []);
  return {
    get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
    update: (key: string, value: unknown) => {
      values.set(key, value);
      if (file) fs.writeFileSync(file, JSON.stringify(Object.fromEntries(values)));
      return Promise.resolve();
    },
    keys: () => [...values.keys()],
    setKeysForSync: () => {},
  };
}

/**
 * The `vscode` module: a plain object with every name the API exports (read from @types/vscode), each a
 * stand-in. Plain, because bundlers copy a module's own properties (`__toESM`).
 */
export function vscodeModule(): Record<string, unknown> {
  const declarations = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const api: Record<string, unknown> = {};
  for (const match of declarations.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)) api[match[1]] = stub();
  // Compared with the context's mode, so it has its real values.
  api.ExtensionMode = { Production: 1, Development: 2, Test: 3 };
  return api;
}

/** A working `vscode.EventEmitter`: the extension listens to its own events. */
export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  readonly event = (listener: (value: T) => void) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** From now on `require('vscode')` in this process answers `api`. */
export function provideVscode(api: unknown): void {
  const moduleApi = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = moduleApi._resolveFilename;
  moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api } as unknown as NodeModule;
}

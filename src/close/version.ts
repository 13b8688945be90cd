// The extension's version, inlined from package.json at build time (esbuild keeps only this one field).
import { version } from '../../package.json';

export const EXTENSION_VERSION: string = version;
export const DEFAULT_USER_AGENT = `close-opportunities-vscode/${EXTENSION_VERSION}`;

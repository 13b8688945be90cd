// The chat tools (docs/architecture.md, Chat tools), registered at activation by name only: their work is in dist/later.js and
// loads the first time chat asks one of them something.
import * as vscode from 'vscode';
import { onFirstUse } from '../../shared/onFirstUse';
import type * as ToolsLater from './later';
import type { ChatToolContext } from '../chatToolContext';
import { TOOL_NAMES, type ToolKey } from '../toolNames';

export type ChatTools = Record<ToolKey, vscode.LanguageModelTool<object>>;

/** Registers the tools; `tools()` makes (once) and returns their implementations. */
export function registerChatTools(context: () => ChatToolContext): { disposables: vscode.Disposable[]; tools: () => ChatTools } {
  let made: ChatTools | undefined;
  const tools = () => (made ??= onFirstUse<typeof ToolsLater>().chatTools(context()));
  const tool = (key: ToolKey) => tools()[key];
  const disposables = (Object.keys(TOOL_NAMES) as ToolKey[]).map((key) =>
    vscode.lm.registerTool<object>(TOOL_NAMES[key], {
      prepareInvocation: (options, token) => tool(key).prepareInvocation?.(options, token),
      invoke: (options, token) => tool(key).invoke(options, token),
    }),
  );
  return { disposables, tools };
}

// Answers the palette's quick picks and input boxes in the integration tests (the extension host shares
// the `vscode` API object with the tests), so a command runs as the user would drive it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The options (title, prompt, placeholder) of every input box the last `answering` call answered. */
export const inputBoxesShown: vscode.InputBoxOptions[] = [];

type Answer = string | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined);

/**
 * Answers the palette's quick picks (by label) and input boxes (with text the box's own check accepts), in
 * order, while `run` goes; everything else about the command is the extension's own.
 */
export async function answering(answers: Answer[], run: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as { showQuickPick: unknown; showInputBox: unknown };
  const [quickPick, inputBox] = [window.showQuickPick, window.showInputBox];
  const asked: string[] = [];
  inputBoxesShown.length = 0;
  const next = () => {
    const answer = answers.shift();
    assert.ok(answer !== undefined, 'the command asked more than the test answers');
    return answer;
  };
  window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    asked.push(options?.title ?? '');
    const answer = next();
    const item = typeof answer === 'function' ? answer(list) : list.find((i) => i.label === answer || i.label.endsWith(` ${answer}`));
    assert.ok(item, `“${String(answer)}” among ${list.map((i) => i.label).join(', ')}`);
    return options?.canPickMany ? [item] : item;
  };
  window.showInputBox = async (options?: vscode.InputBoxOptions) => {
    asked.push(options?.title ?? '');
    inputBoxesShown.push(options ?? {});
    const text = next();
    assert.equal(typeof text, 'string');
    const problem = await options?.validateInput?.(text as string);
    assert.equal(problem ?? undefined, undefined, `the box refused “${String(text)}”: ${typeof problem === 'string' ? problem : problem?.message}`);
    return text as string;
  };
  try {
    await run();
  } finally {
    window.showQuickPick = quickPick;
    window.showInputBox = inputBox;
  }
  assert.deepEqual(answers, [], 'every answer was used');
  return asked;
}

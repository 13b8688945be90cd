// Answers the palette's quick picks, input boxes and save dialogs in the integration tests (the extension host
// shares the `vscode` API object with the tests), so a command runs as the user would drive it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The options (title, prompt, placeholder) of every input box the last `answering` call answered. */
export const inputBoxesShown: vscode.InputBoxOptions[] = [];

/** The options of every save dialog the last `answering` call answered. */
export const saveDialogsShown: vscode.SaveDialogOptions[] = [];

/** The file a save dialog returns (undefined: the user dismissed it). */
export interface SaveAnswer {
  save: vscode.Uri | undefined;
}

type Answer = string | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined) | SaveAnswer;

/**
 * Answers the palette's quick picks (by label), input boxes (with text the box's own check accepts) and save
 * dialogs (with a SaveAnswer), in order, while `run` goes; everything else about the command is the extension's own.
 */
export async function answering(answers: Answer[], run: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as { showQuickPick: unknown; showInputBox: unknown; showSaveDialog: unknown };
  const [quickPick, inputBox, saveDialog] = [window.showQuickPick, window.showInputBox, window.showSaveDialog];
  const asked: string[] = [];
  inputBoxesShown.length = 0;
  saveDialogsShown.length = 0;
  const next = () => {
    const answer = answers.shift();
    assert.ok(answer !== undefined, 'the command asked more than the test answers');
    return answer;
  };
  window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    asked.push(options?.title ?? '');
    const answer = next();
    assert.ok(typeof answer !== 'object', 'a quick pick came where the test answers a save dialog');
    const item = typeof answer === 'function' ? answer(list) : list.find((i) => i.label === answer || i.label.endsWith(` ${answer}`));
    assert.ok(item, `“${String(answer)}” among ${list.map((i) => i.label).join(', ')}`);
    return options?.canPickMany ? [item] : item;
  };
  window.showInputBox = async (options?: vscode.InputBoxOptions) => {
    asked.push(options?.title ?? '');
    inputBoxesShown.push(options ?? {});
    const text = next();
    assert.ok(typeof text === 'string', 'an input box came where the test answers something else');
    const problem = await options?.validateInput?.(text);
    assert.equal(problem ?? undefined, undefined, `the box refused “${text}”: ${typeof problem === 'string' ? problem : problem?.message}`);
    return text;
  };
  window.showSaveDialog = (options?: vscode.SaveDialogOptions) => {
    asked.push(options?.title ?? '');
    saveDialogsShown.push(options ?? {});
    const answer = next();
    assert.ok(typeof answer === 'object', 'a save dialog came where the test answers something else');
    return Promise.resolve(answer.save);
  };
  try {
    await run();
  } finally {
    window.showQuickPick = quickPick;
    window.showInputBox = inputBox;
    window.showSaveDialog = saveDialog;
  }
  assert.deepEqual(answers, [], 'every answer was used');
  return asked;
}

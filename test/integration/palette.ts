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

/** A line typed into a quick pick's box, then Enter (on the item the command made active). */
export interface TypedAnswer {
  type: string;
}

/** The item labels of each quick pick a typed line left open (a line with a problem), as the test closed it. */
export const typedPicksLeftOpen: string[][] = [];

type Answer = string | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined) | SaveAnswer | TypedAnswer;

/** Waits (up to 10 s) until `ready` says yes. */
async function until(what: string, ready: () => boolean): Promise<void> {
  for (const started = Date.now(); !ready(); await new Promise((resolve) => setTimeout(resolve, 10))) {
    assert.ok(Date.now() - started < 10_000, `waited 10 s for ${what}`);
  }
}

/** The quick pick of `createQuickPick`, answered as the user would: an item picked by label, or a line typed and Enter pressed. */
class AnsweredQuickPick {
  title: string | undefined;
  placeholder: string | undefined;
  matchOnDescription = false;
  busy = false;
  value = '';
  items: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly accepted = new vscode.EventEmitter<void>();
  private readonly hidden = new vscode.EventEmitter<void>();
  readonly onDidChangeValue = this.changed.event;
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  private open = false;

  constructor(private readonly answer: () => Promise<void | Answer>) {}

  show(): void {
    this.open = true;
    void this.answer().then(
      (answer) => this.answerWith(answer),
      (error) => this.fail(error),
    );
  }

  hide(): void {
    if (!this.open) return;
    this.open = false;
    this.hidden.fire();
  }

  dispose(): void {
    this.hide();
  }

  failure: Error | undefined;

  private fail(error: unknown): void {
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.hide();
  }

  private async answerWith(answer: void | Answer): Promise<void> {
    try {
      assert.ok(answer !== undefined && (typeof answer !== 'object' || 'type' in answer), 'a quick pick came where the test answers something else');
      if (typeof answer === 'object') {
        this.value = answer.type;
        this.changed.fire(answer.type);
        await until('the typed line’s items', () => !this.busy);
        this.accepted.fire();
        if (this.open) {
          typedPicksLeftOpen.push(this.items.map((item) => item.label));
          this.hide();
        }
        return;
      }
      await until(`“${String(answer)}” among ${this.items.map((i) => i.label).join(', ')}`, () => this.find(answer) !== undefined);
      const item = this.find(answer)!;
      this.activeItems = [item];
      this.selectedItems = [item];
      this.accepted.fire();
    } catch (error) {
      this.fail(error);
    }
  }

  private find(answer: string | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined)): vscode.QuickPickItem | undefined {
    return typeof answer === 'function' ? answer(this.items) : this.items.find((i) => i.label === answer || i.label.endsWith(` ${answer}`));
  }
}

/**
 * Answers the palette's quick picks (by label), input boxes (with text the box's own check accepts) and save
 * dialogs (with a SaveAnswer), in order, while `run` goes; everything else about the command is the extension's own.
 */
export async function answering(answers: Answer[], run: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as { showQuickPick: unknown; showInputBox: unknown; showSaveDialog: unknown; createQuickPick: unknown };
  const [quickPick, inputBox, saveDialog, createQuickPick] = [window.showQuickPick, window.showInputBox, window.showSaveDialog, window.createQuickPick];
  const asked: string[] = [];
  const picks: AnsweredQuickPick[] = [];
  inputBoxesShown.length = 0;
  saveDialogsShown.length = 0;
  typedPicksLeftOpen.length = 0;
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
    assert.ok(typeof answer !== 'object', 'a quick pick came where the test types a line');
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
    assert.ok(typeof answer === 'object' && 'save' in answer, 'a save dialog came where the test answers something else');
    return Promise.resolve(answer.save);
  };
  window.createQuickPick = () => {
    const pick = new AnsweredQuickPick(() =>
      Promise.resolve().then(() => {
        asked.push(pick.title ?? '');
        return next();
      }),
    );
    picks.push(pick);
    return pick;
  };
  try {
    await run();
  } finally {
    window.showQuickPick = quickPick;
    window.showInputBox = inputBox;
    window.showSaveDialog = saveDialog;
    window.createQuickPick = createQuickPick;
  }
  for (const pick of picks) if (pick.failure) throw pick.failure;
  assert.deepEqual(answers, [], 'every answer was used');
  return asked;
}

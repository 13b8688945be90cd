// Save Filter… and Apply Saved Filter…: named filters in globalState (never the key: only filter fields).
import * as vscode from 'vscode';
import { validateFilter } from '../close/query';
import { describeFilter } from '../shared/filterDescription';
import type { Services } from '../state/services';
import { inertText } from '../close/inert';
import { savedFiltersKeyOf } from '../state/accountMigration';
import { nameProblem, SavedFilterStore, MAX_NAME_LENGTH, type SavedFilter } from '../state/savedFilters';
import { commandId } from '../shared/commands';

const t = vscode.l10n.t;

function storeOf(services: Services): SavedFilterStore {
  return new SavedFilterStore(services.context.globalState, undefined, savedFiltersKeyOf(services.connection.activeAccount?.id));
}

function words(services: Services, saved: SavedFilter['filter']): string {
  const ref = services.referenceData;
  // User and status names are server text.
  return inertText(describeFilter(saved, { users: ref.userNames(), statuses: ref.statusLabels(), leads: ref.leadNames() }, t)) || t('All opportunities');
}

/** Asks for a name and stores the current filter under it. Returns the name, or undefined when dismissed. */
export async function saveFilter(services: Services, nameArg?: unknown): Promise<string | undefined> {
  const store = storeOf(services);
  const filter = services.filterState.filter;
  let name = typeof nameArg === 'string' && nameProblem(nameArg) === undefined ? nameArg.trim() : undefined;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      title: t('Save Filter'),
      prompt: t('A name for the current filter: {0}', words(services, filter)),
      placeHolder: t('e.g. Won this quarter'),
      validateInput: (value) => {
        const problem = nameProblem(value);
        if (problem === 'empty') return t('Enter a name.');
        if (problem === 'tooLong') return t('At most {0} characters.', MAX_NAME_LENGTH);
        return store.get(value) ? { message: t('Saving replaces the filter with this name.'), severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    });
    if (name === undefined) return undefined;
    name = name.trim();
  }
  await store.save(name, filter);
  vscode.window.setStatusBarMessage(t('$(save) Saved filter “{0}”', name), 3000);
  return name;
}

interface SavedItem extends vscode.QuickPickItem {
  saved: SavedFilter;
}

/** Lists the saved filters (with a delete button each); the one accepted becomes the current filter. */
export async function applySavedFilter(services: Services, nameArg?: unknown): Promise<boolean> {
  const store = storeOf(services);
  if (typeof nameArg === 'string') {
    const saved = store.get(nameArg);
    return saved ? apply(services, saved) : false;
  }
  if (store.list().length === 0) {
    const save = t('Save Filter…');
    const choice = await vscode.window.showInformationMessage(t('No saved filters yet. Save the current filter first.'), save);
    if (choice === save) await vscode.commands.executeCommand(commandId('saveFilter'));
    return false;
  }
  const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: t('Delete saved filter') };
  const items = (): SavedItem[] => store.list().map((saved) => ({ label: saved.name, description: words(services, saved.filter), saved, buttons: [remove] }));
  const pick = vscode.window.createQuickPick<SavedItem>();
  pick.title = t('Apply Saved Filter');
  pick.placeholder = t('Choose a saved filter');
  pick.matchOnDescription = true;
  pick.items = items();
  return new Promise<boolean>((resolve) => {
    let chosen: SavedFilter | undefined;
    pick.onDidTriggerItemButton(async (event) => {
      await store.delete(event.item.saved.name);
      pick.items = items();
      if (pick.items.length === 0) pick.hide();
    });
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.saved;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen ? apply(services, chosen) : false);
    });
    pick.show();
  });
}

function apply(services: Services, saved: SavedFilter): boolean {
  try {
    // Saved long ago: the filter model may have changed since.
    validateFilter(saved.filter);
  } catch (error) {
    void vscode.window.showErrorMessage(t('The saved filter “{0}” cannot be used: {1}', inertText(saved.name), inertText((error as Error).message)));
    return false;
  }
  services.filterState.set(saved.filter);
  return true;
}

// Switch Organization… and the choice Sign Out asks for when there are several organizations.
import * as vscode from 'vscode';
import type { Account } from '../state/accounts';
import type { Services } from '../state/services';
import { hostOf } from '../state/keyOrigin';
import { inertText } from '../close/inert';
import { commandId } from '../shared/commands';
import { t } from '../shared/l10n';

interface AccountItem extends vscode.QuickPickItem {
  account?: Account;
  run?: 'setApiKey' | 'exploreSampleData';
}

function accountItem(account: Account, active: Account | undefined): AccountItem {
  const sample = account.kind === 'sample';
  return {
    // Names are server text.
    label: `${account.id === active?.id ? '$(check)' : '$(blank)'} ${inertText(sample ? t('Sample data') : (account.organization ?? account.label))}`,
    // Who the key is of, and where it goes.
    description: sample ? undefined : account.organization ? inertText(account.label) : hostOf(account.origin),
    account,
  };
}

/** "Close: Switch Organization…": the organizations added, and the ways to add another. */
export async function switchOrganization(services: Services): Promise<void> {
  const connection = services.connection;
  await connection.ready;
  const accounts = connection.organizations.list();
  const active = connection.activeAccount;
  const items: AccountItem[] = accounts.map((a) => accountItem(a, active));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(add) ${t('Add Organization (Set API Key)…')}`, run: 'setApiKey' });
  if (!accounts.some((a) => a.kind === 'sample')) items.push({ label: `$(beaker) ${t('Add Sample Data')}`, run: 'exploreSampleData' });
  const choice = await vscode.window.showQuickPick(items, { title: t('Switch Organization'), placeHolder: t('The organization this window shows') });
  if (choice?.run) await vscode.commands.executeCommand(commandId(choice.run));
  else if (choice?.account) await connection.switchTo(choice.account.id);
}

/**
 * Which organization Sign Out forgets: asked only when there are several. Resolves with its id, `null` for all
 * of them, or undefined when dismissed.
 */
export async function pickSignOut(services: Services): Promise<string | null | undefined> {
  const accounts = services.connection.organizations.list();
  if (accounts.length <= 1) return null;
  const active = services.connection.activeAccount;
  const items: AccountItem[] = accounts.map((a) => accountItem(a, active));
  const all: AccountItem = { label: `$(sign-out) ${t('All Organizations')}` };
  const choice = await vscode.window.showQuickPick([...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, all], {
    title: t('Sign Out'),
    placeHolder: t('The organization whose key is removed'),
  });
  if (!choice) return undefined;
  return choice === all ? null : (choice.account?.id ?? undefined);
}

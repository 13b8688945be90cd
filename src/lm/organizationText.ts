// What a chat tool says of the organizations added: whose data an answer is, and why another one was not asked.
// Their names are server text (GET /me/): inside the fence. Pure: no 'vscode' here.
import type { Account } from '../state/accounts';
import { DATA_NOTICE, dataText, fenced } from './dataFence';

/** The name a tool knows an organization by. */
export function organizationName(account: Account): string {
  return account.kind === 'sample' ? 'Sample data' : (account.organization ?? account.label);
}

/** Said first in every answer when several organizations are added: whose data it is. */
export function organizationHeader(name: string): string {
  return ['Organization the answer is from:', DATA_NOTICE, fenced([dataText(name, 120)])].join('\n');
}

/**
 * Why a tool does not ask the organization it was given: it is not the one the Close view shows (whose filter,
 * names and currency the answer uses), or no organization has that name. Undefined when it may ask.
 */
export function organizationProblem(accounts: readonly Account[], activeId: string | undefined, organization: unknown): string | undefined {
  if (organization === undefined) return undefined;
  if (typeof organization !== 'string') return 'Nothing was asked of Close: the organization must be given by its name.';
  const wanted = organization.trim().toLowerCase();
  const match = accounts.find((a) => organizationName(a).toLowerCase() === wanted || a.id === organization);
  if (match && match.id === activeId) return undefined;
  if (!match) {
    const names = accounts.map((a) => dataText(organizationName(a), 120));
    return [`Nothing was asked of Close: no organization is called “${dataText(organization, 120)}”. The organizations added are:`, DATA_NOTICE, fenced(names)].join(
      '\n',
    );
  }
  return [
    'Nothing was asked of Close: the Close view shows another organization than the one asked for (below). The user can switch to it with the command “Close: Switch Organization…”, then ask again.',
    DATA_NOTICE,
    fenced([dataText(organizationName(match), 120)]),
  ].join('\n');
}

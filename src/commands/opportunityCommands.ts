// Commands on one opportunity: from a tree row, a hover link (an id) or the palette (a pasted id).
import * as vscode from 'vscode';
import { isAbortError } from '../close/errors';
import type { Opportunity } from '../close/types';
import type { Services } from '../state/services';
import { OpportunityNode } from '../views/tree/treeNodes';
import { errorText, inertText } from '../close/inert';
import { findInOtherOrganizations } from '../state/otherOrganizations';
import type { OpportunityTreeView } from '../views/tree/opportunityTreeView';
import { isCloseId, isOpportunityId } from '../close/ids';
import { leadPage, opportunityIdIn, validateOpportunityId, type OpportunityRow } from '../views/tree/rows';
import { requireConnection } from './filterCommands';
import { t } from '../shared/l10n';
import { OpportunityCards } from '../views/details/opportunityCardPanel';

/** The opportunity a command is about: a tree node, an id, or the tree's selection. */
export function targetOf(arg: unknown, tree: OpportunityTreeView): { id: string; row?: OpportunityRow } | undefined {
  if (arg instanceof OpportunityNode) return { id: arg.row.id, row: arg.row };
  // The editor title of a details document (`close-opportunity:/oppo_….json`).
  if (arg instanceof vscode.Uri && arg.scheme === OpportunityDocuments.scheme) return targetOf(arg.path.replace(/^\/|\.json$/g, ''), tree);
  if (typeof arg === 'string' && isOpportunityId(arg.trim())) {
    const id = arg.trim();
    return { id, row: tree.model.findOpportunity(id)?.row };
  }
  if (arg && typeof arg === 'object' && 'id' in arg && typeof arg.id === 'string') {
    return targetOf((arg as { id: string }).id, tree);
  }
  const selected = tree.view.selection.find((n): n is OpportunityNode => n instanceof OpportunityNode);
  return selected ? { id: selected.row.id, row: selected.row } : undefined;
}

/** The whole opportunity from Close, with a progress note in the window; errors are shown, then undefined. */
async function fetchOpportunity(services: Services, id: string): Promise<Opportunity | undefined> {
  const client = await services.connection.client();
  if (!client) {
    await requireConnection(services);
    return undefined;
  }
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Loading {0} from Close', id) }, () => client.getOpportunity(id));
  } catch (error) {
    if (isAbortError(error)) return undefined;
    if ((error as { status?: number }).status === 404) {
      // Perhaps in another organization added here: said, since the window shows another one.
      const found = await findInOtherOrganizations(services.connection.organizations, id).catch(() => undefined);
      if (found) {
        const name = found.account.kind === 'sample' ? t('Sample data') : (found.account.organization ?? found.account.label);
        void vscode.window.showInformationMessage(t('{0} is in {1}, not in the organization shown.', id, inertText(name)));
        return found.opportunity;
      }
      void vscode.window.showErrorMessage(t('No opportunity {0} in this Close organization.', id));
    } else {
      void vscode.window.showErrorMessage(t('Could not load {0}: {1}', id, errorText(error)));
    }
    return undefined;
  }
}

/** The custom field names for a card, asked beside the opportunity (once per connection); the card shows ids without them. */
function customFieldNames(services: Services): Promise<Map<string, string> | undefined> {
  return services.referenceData.customFieldNames().catch(() => undefined);
}

export async function openInClose(services: Services, tree: OpportunityTreeView, arg: unknown): Promise<void> {
  const target = targetOf(arg, tree);
  if (!target) return;
  const leadId = target.row?.lead_id ?? (await fetchOpportunity(services, target.id))?.lead_id;
  if (!leadId) return;
  // Built from parts: only a lead id of Close's shape goes into the path of a fixed https://app.close.com/.
  const page = leadPage(leadId);
  if (!page) {
    void vscode.window.showErrorMessage(t('Close sent a lead id for {0} that is not a Close id, so it was not opened.', target.id));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.from(page));
}

export async function copyId(tree: OpportunityTreeView, arg: unknown): Promise<void> {
  const target = targetOf(arg, tree);
  if (!target) return;
  await vscode.env.clipboard.writeText(target.id);
  vscode.window.setStatusBarMessage(t('$(copy) Copied {0}', target.id), 3000);
}

export async function copyAsJson(services: Services, tree: OpportunityTreeView, arg: unknown): Promise<void> {
  const target = targetOf(arg, tree);
  if (!target) return;
  const opportunity = await fetchOpportunity(services, target.id);
  if (!opportunity) return;
  await vscode.env.clipboard.writeText(JSON.stringify(opportunity, null, 2));
  vscode.window.setStatusBarMessage(t('$(copy) Copied {0} as JSON', target.id), 3000);
}

/**
 * "Show This Lead's Opportunities": the filter becomes that lead alone (the order and grouping stay), from a
 * row, an opportunity id, a details document, or a lead id (a hover's link, checked against Close's shape).
 */
export async function showLeadOpportunities(services: Services, tree: OpportunityTreeView, arg: unknown): Promise<void> {
  let lead: { lead_id?: string | null; lead_name?: string | null } | undefined;
  if (typeof arg === 'string' && arg.trim().startsWith('lead_')) lead = { lead_id: arg.trim() };
  else {
    const target = targetOf(arg, tree);
    if (!target) return;
    lead = target.row ?? (await fetchOpportunity(services, target.id));
  }
  if (!lead) return;
  const leadId = lead.lead_id;
  if (!isCloseId(leadId, 'lead')) {
    void vscode.window.showErrorMessage(t('This opportunity has no lead id of Close’s shape, so its lead’s opportunities cannot be listed.'));
    return;
  }
  services.referenceData.noteLeadName(leadId, lead.lead_name);
  const { order_by, group_by } = services.filterState.filter;
  services.filterState.set({ lead_id: leadId, ...(order_by && { order_by }), ...(group_by && { group_by }) });
  await vscode.commands.executeCommand('closeOpportunities.tree.focus');
}

/**
 * The full opportunity, fetched fresh, as a readable card; with `{ id, as: 'json' }` (the card's Show JSON) as
 * a read-only JSON document of what the card shows.
 */
export async function showDetails(services: Services, tree: OpportunityTreeView, arg: unknown): Promise<vscode.WebviewPanel | vscode.TextDocument | undefined> {
  const target = targetOf(arg, tree);
  if (!target) return undefined;
  const asJson = !!arg && typeof arg === 'object' && (arg as { as?: unknown }).as === 'json';
  const names = asJson ? undefined : customFieldNames(services);
  const opportunity = (asJson ? OpportunityCards.current.opportunity(target.id) : undefined) ?? (await fetchOpportunity(services, target.id));
  if (!opportunity) return undefined;
  return asJson ? showOpportunityDocument(opportunity) : OpportunityCards.current.show(opportunity, await names);
}

/**
 * Read-only documents `close-opportunity:/oppo_….json` with an opportunity as fetched: no "save?" prompt
 * on close, and showing it again refreshes it.
 */
export class OpportunityDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'close-opportunity';
  private static instance: OpportunityDocuments | undefined;
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(OpportunityDocuments.scheme, this);
    OpportunityDocuments.instance = this;
  }

  static get current(): OpportunityDocuments {
    return OpportunityDocuments.instance ?? new OpportunityDocuments();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  async show(opportunity: Opportunity): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: OpportunityDocuments.scheme, path: `/${opportunity.id}.json` });
    this.contents.set(uri.path, `${JSON.stringify(opportunity, null, 2)}\n`);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    if (OpportunityDocuments.instance === this) OpportunityDocuments.instance = undefined;
  }
}

function showOpportunityDocument(opportunity: Opportunity): Promise<vscode.TextDocument> {
  return OpportunityDocuments.current.show(opportunity);
}

/** Shows an opportunity's row in the tree when it is loaded; says so when it is not. */
export async function revealInSidebar(services: Services, tree: OpportunityTreeView, arg: unknown): Promise<boolean> {
  const target = targetOf(arg, tree);
  if (!target) return false;
  await vscode.commands.executeCommand('closeOpportunities.tree.focus');
  if (services.connection.connected) await tree.model.start();
  if (await tree.reveal(target.id)) return true;
  const details = t('Show Details');
  const choice = await vscode.window.showInformationMessage(t('{0} is not among the opportunities loaded for the current filter.', target.id), details);
  if (choice === details) await showDetails(services, tree, target.id);
  return false;
}

/**
 * What Ctrl/Cmd-click on an `oppo_…` link does: selects its row in the sidebar when the current filter has it
 * loaded (the first page is loaded if nothing was yet), else opens its details at once.
 */
export async function revealOrShowDetails(services: Services, tree: OpportunityTreeView, arg: unknown): Promise<'revealed' | 'details' | undefined> {
  const target = targetOf(arg, tree);
  if (!target) return undefined;
  if (services.connection.connected) await tree.model.start();
  if (tree.model.findOpportunity(target.id)) {
    await vscode.commands.executeCommand('closeOpportunities.tree.focus');
    if (await tree.reveal(target.id)) return 'revealed';
  }
  return (await showDetails(services, tree, target.id)) ? 'details' : undefined;
}

/** Paste an id: it is checked as typed, then revealed (when loaded) and shown. */
export async function openById(services: Services, tree: OpportunityTreeView): Promise<void> {
  if (!(await requireConnection(services))) return;
  const text = await vscode.window.showInputBox({
    title: t('Open Opportunity by ID'),
    prompt: t('Paste an opportunity id, e.g. from a log or a ticket.'),
    placeHolder: 'oppo_…',
    validateInput: (value) => validateOpportunityId(value, t),
  });
  const id = text === undefined ? undefined : opportunityIdIn(text);
  if (!id) return;
  const names = customFieldNames(services);
  const opportunity = await fetchOpportunity(services, id);
  if (!opportunity) return;
  await tree.reveal(id).catch(() => false);
  OpportunityCards.current.show(opportunity, await names);
}

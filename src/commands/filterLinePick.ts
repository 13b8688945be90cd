// "Filter…": pick a field and then its value, or type several filters on one line ("owner:me close-date:this-quarter")
// with completions, a preview of the line in words, and Enter to apply it. A line with a problem changes nothing.
import * as vscode from 'vscode';
import type { OpportunityFilter } from '../close/filter';
import { FILTER_FIELDS, type FilterField } from '../close/filterFields';
import { choicesOf } from '../close/filterNames';
import { t } from '../shared/l10n';
import type { Services } from '../state/services';
import { pickField } from './filterCommands';
import { LINE_EXAMPLE, type LineContext } from './filterLine';
import { lineCompletions, linePreview } from './filterLineCompletions';
import { filterMenuEntries } from './pickItems';

type Item = vscode.QuickPickItem & ({ field: FilterField } | { line: string } | { apply?: OpportunityFilter });

/** Whether the text is a filter line rather than words to find a field by: it has a colon. */
const isLine = (text: string) => text.includes(':');

/** The names a line is read with: Close's lists (once per connection) and the key's own user; what failed is left out. */
async function lineContext(services: Services): Promise<LineContext> {
  const ctx: LineContext = { t, today: new Date(), choices: {} };
  if (!services.connection.connected) return ctx;
  const ref = services.referenceData;
  const settled = <T>(promise: Promise<T>) =>
    promise.then(
      (value) => value,
      () => undefined,
    );
  const [users, statuses, pipelines, savedSearches, me] = await Promise.all([
    settled(ref.users()),
    settled(ref.statuses()),
    settled(ref.pipelines()),
    settled(ref.savedSearches()),
    settled(ref.me()),
  ]);
  const lists = { users, ownerNames: ref.userNames(), statuses, pipelines, savedSearches };
  if (users) ctx.choices.users = choicesOf('users', lists);
  if (statuses) ctx.choices.statuses = choicesOf('statuses', lists);
  if (statuses) ctx.choices.statusLabels = choicesOf('statusLabels', lists);
  if (savedSearches) ctx.choices.smartViews = choicesOf('smartViews', lists);
  ctx.me = me?.id;
  return ctx;
}

/** The first item of a line: what it means in words (Enter applies it), or its problem (Enter does nothing). */
function previewItem(line: string, ctx: LineContext, services: Services): Item {
  const ref = services.referenceData;
  const preview = linePreview(line, ctx, { users: ref.userNames(), statuses: ref.statusLabels(), savedSearches: ref.savedSearchNames() });
  if (!preview.apply) return { label: preview.label, alwaysShow: true };
  return { label: preview.label, description: t('Enter applies these filters'), alwaysShow: true, apply: preview.apply };
}

/** "Filter…": the fields (every field declared for the palette), and a line of several filters typed in the same box. */
export async function filter(services: Services): Promise<void> {
  // Pipelines are asked (once per connection) only when a field depends on them.
  const asks = services.connection.connected && FILTER_FIELDS.some((field) => field.palette && field.offered === 'severalPipelines');
  const severalPipelines =
    asks &&
    (await services.referenceData.pipelines().then(
      (pipelines) => pipelines.length > 1,
      () => false,
    ));
  const menu: Item[] = filterMenuEntries(services.filterState.filter, t, { severalPipelines }).map((entry) => ({
    label: entry.label,
    description: entry.description,
    field: entry.field,
  }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = t('Filter Opportunities');
  pick.placeholder = t('Pick what to filter by, or type filters such as {0}', LINE_EXAMPLE);
  pick.matchOnDescription = true;
  pick.items = menu;
  let ctx: LineContext | undefined;
  let loading: Promise<LineContext> | undefined;
  // Enter pressed while the names load counts once they are in.
  let acceptWhenLoaded = false;
  const show = (value: string) => {
    const known = ctx ?? { t, today: new Date(), choices: {} };
    const completions: Item[] = lineCompletions(value, known).map((c) => ({ label: c.label, description: c.description, line: c.line, alwaysShow: isLine(value) }));
    if (!isLine(value)) {
      // The qualifiers join the fields once something is typed (the placeholder shows an example line before).
      pick.items = value.trim() === '' ? menu : [...menu, ...completions];
      return;
    }
    // No words for the line until the names it may hold are in (they would say a name is unknown).
    if (!ctx) {
      pick.items = completions;
      return;
    }
    const preview = previewItem(value, ctx, services);
    pick.items = [preview, ...completions];
    pick.activeItems = [preview];
  };
  let accept: () => void = () => undefined;
  const changed = (value: string) => {
    if (isLine(value) && !ctx) {
      pick.busy = true;
      loading ??= lineContext(services);
      void loading.then((loaded) => {
        ctx = loaded;
        pick.busy = false;
        show(pick.value);
        if (acceptWhenLoaded) accept();
      });
    }
    show(value);
  };
  const done = new Promise<Item | undefined>((resolve) => {
    accept = () => {
      acceptWhenLoaded = pick.busy;
      const item = pick.activeItems[0];
      if (pick.busy || !item) return;
      if ('line' in item) {
        pick.value = item.line;
        changed(item.line);
        return;
      }
      if ('field' in item || item.apply) resolve(item);
    };
    pick.onDidChangeValue(changed);
    pick.onDidAccept(() => accept());
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();
  const chosen = await done;
  pick.dispose();
  if (!chosen) return;
  if ('field' in chosen) return pickField(services, chosen.field);
  if ('apply' in chosen && chosen.apply) services.filterState.update(chosen.apply);
}

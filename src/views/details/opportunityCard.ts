// Show Details: one opportunity as a readable card (the hover's facts, then every field and custom field), as the
// HTML of a webview with no script. Pure and vscode-free. Server text is data: every character is escaped; links are
// https addresses (a field that holds one) or built here from ids of Close's shape (its lead page, allow-listed commands).
import { closeDateWord } from '../../close/filterFields';
import { formatMoney } from '../../close/format';
import { isCloseId, isOpportunityId } from '../../close/ids';
import type { Opportunity } from '../../close/types';
import { commandId } from '../../shared/commands';
import { statusTypeMeaning, valuePeriodWord } from '../../shared/filterDescription';
import { untranslated, type Translate } from '../../shared/text';

/** The only commands the card's links may run (the panel's `enableCommandUris`). */
export const CARD_COMMANDS = [commandId('showDetails'), commandId('showLeadOpportunities'), commandId('revealInSidebar')] as const;
type CardCommand = (typeof CARD_COMMANDS)[number];

/** Amounts in cents, shown as money in "All fields". */
const MONEY_FIELDS = new Set(['value', 'expected_value', 'annualized_value', 'annualized_expected_value']);

/** Left out of "All fields": the note is shown as text above (its HTML twin would only repeat it as markup). */
const NOT_LISTED = new Set(['note_html']);

export interface CardOptions {
  /** Fresh for every page: allows the card's one style element. */
  nonce: string;
  /** BCP 47 tag of VS Code's display language. */
  lang?: string;
  locale?: string;
  t?: Translate;
  /** The organization's custom field names by id (`cf_…`); a field not in it shows its id. */
  customFieldNames?: ReadonlyMap<string, string>;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An address a card may link to: https only, so `javascript:`, `data:`, `command:` and the like stay text. */
export function safeHttpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The card's Content-Security-Policy: no script, no remote anything, only its own nonce'd style. */
export function cardContentSecurityPolicy(nonce: string): string {
  return [`default-src 'none'`, `style-src 'nonce-${nonce}'`].join('; ');
}

function commandHref(command: CardCommand, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function money(o: Opportunity, cents: unknown, locale: string | undefined): string | undefined {
  return typeof cents === 'number' ? formatMoney(cents, o.value_currency, locale) : undefined;
}

/** "Acme Corp · $12,000": the panel's title. */
export function cardTitle(o: Opportunity, options: { locale?: string } = {}): string {
  const name = o.lead_name || o.contact_name || o.id;
  const value = o.value_formatted || money(o, o.value, options.locale);
  return value ? `${name} · ${value}` : name;
}

function definitionList(rows: [string, string][]): string {
  return `<dl>\n${rows.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`;
}

/** A field's value as escaped HTML: money in cents as money, https addresses as links, anything else as text. */
function fieldValue(o: Opportunity, key: string, value: unknown, locale: string | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (MONEY_FIELDS.has(key) && typeof value === 'number') return escapeHtml(money(o, value, locale)!);
  const href = safeHttpsUrl(value);
  if (href) return `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`;
  return escapeHtml(typeof value === 'string' ? value : JSON.stringify(value));
}

function actions(o: Opportunity, t: Translate): string {
  const e = escapeHtml;
  const links: string[] = [];
  if (isCloseId(o.lead_id, 'lead')) {
    links.push(`<a href="https://app.close.com/lead/${o.lead_id}/">${e(t('Open in Close'))}</a>`);
    links.push(`<a href="${e(commandHref(commandId('showLeadOpportunities'), [o.lead_id]))}">${e(t("Show This Lead's Opportunities"))}</a>`);
  }
  if (isOpportunityId(o.id)) {
    links.push(`<a href="${e(commandHref(commandId('revealInSidebar'), [o.id]))}">${e(t('Reveal in Sidebar'))}</a>`);
    links.push(`<a href="${e(commandHref(commandId('showDetails'), [{ id: o.id, as: 'json' }]))}">${e(t('Show JSON'))}</a>`);
  }
  return `<nav aria-label="${e(t('Actions'))}">${links.join(' · ')}</nav>`;
}

const STYLE = `body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; max-width: 60em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.1em; margin-top: 1.5em; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3em 1.2em; }
dt { color: var(--vscode-descriptionForeground); }
dd { margin: 0; overflow-wrap: anywhere; }
a { color: var(--vscode-textLink-foreground); }
a:focus { outline: 1px solid var(--vscode-focusBorder); }
.note { white-space: pre-wrap; overflow-wrap: anywhere; }`;

/** The card's whole page. */
export function opportunityCardHtml(o: Opportunity, options: CardOptions): string {
  const t = options.t ?? untranslated;
  const e = escapeHtml;
  const locale = options.locale;
  const status = o.status_label ?? o.status_display_name;
  const typeNeeded = o.status_type && o.status_type.toLowerCase() !== status?.trim().toLowerCase();
  const statusText = [status, typeNeeded && o.status_type ? `(${statusTypeMeaning(o.status_type, t)})` : ''].filter(Boolean).join(' ');
  const facts: [string, string | undefined][] = [
    [t('Status'), statusText || undefined],
    [t('Value'), money(o, o.value, locale) && `${money(o, o.value, locale)}${o.value_period ? ` (${valuePeriodWord(o.value_period, t)})` : ''}`],
    [t('Expected value'), money(o, o.expected_value, locale)],
    [t('Confidence'), typeof o.confidence === 'number' ? `${o.confidence}%` : undefined],
    [t('Owner'), o.user_name ?? undefined],
    [t('Pipeline'), o.pipeline_name ?? undefined],
    [t('Contact'), o.contact_name ?? undefined],
    [closeDateWord(o.status_type, t), o.date_won ?? undefined],
    [t('Created'), typeof o.date_created === 'string' ? o.date_created.slice(0, 10) : undefined],
    [t('Updated'), typeof o.date_updated === 'string' ? o.date_updated.slice(0, 10) : undefined],
  ];
  const summary = facts
    .filter((fact): fact is [string, string] => typeof fact[1] === 'string' && fact[1] !== '')
    .map(([name, value]): [string, string] => [e(name), e(value)]);
  const entries = Object.entries(o).filter(([key]) => !NOT_LISTED.has(key));
  const custom = entries
    .filter(([key]) => key.startsWith('custom.'))
    .map(([key, value]): [string, string] => {
      const id = key.slice('custom.'.length);
      return [e(options.customFieldNames?.get(id)?.trim() || id), fieldValue(o, key, value, locale)];
    });
  const all = entries.filter(([key]) => !key.startsWith('custom.')).map(([key, value]): [string, string] => [e(key), fieldValue(o, key, value, locale)]);
  const name = o.lead_name || o.contact_name || o.id;
  const sections = [
    `<h1>${e(name)}</h1>`,
    actions(o, t),
    `<h2>${e(t('Summary'))}</h2>`,
    definitionList(summary),
    typeof o.note === 'string' && o.note.trim() !== '' ? `<h2>${e(t('Note'))}</h2>\n<p class="note">${e(o.note)}</p>` : '',
    custom.length > 0 ? `<h2>${e(t('Custom fields'))}</h2>\n${definitionList(custom)}` : '',
    `<h2>${e(t('All fields'))}</h2>`,
    definitionList(all),
  ].filter(Boolean);
  return `<!DOCTYPE html>
<html lang="${e(options.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(cardContentSecurityPolicy(options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${e(options.nonce)}">
${STYLE}
</style>
<title>${e(cardTitle(o, { locale }))}</title>
</head>
<body>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

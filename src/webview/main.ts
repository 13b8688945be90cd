// Runs inside the summary webview (browser bundle, dist/webview/main.js). Registers the toolkit components
// it uses, says `ready`, then renders whatever state the extension posts. Every use of
// @vscode/webview-ui-toolkit lives under src/webview, so moving to another component library stays local.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTag,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { h, replaceChildren } from './dom';
import { buildForm, readForm, showDateProblems } from './filterView';
import type { FilterForm, FromWebview, SummaryState, ToWebview, WebviewStrings } from '../features/summary/protocol';
import { attentionSection } from './attentionSection';
import { resultLine, summaryContent } from './summaryView';

provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodeProgressRing(),
  vsCodeRadio(),
  vsCodeRadioGroup(),
  vsCodeTag(),
  vsCodeTextField(),
);

/** The webview's own UI state, kept by VS Code across hide/show (`getState`/`setState`). */
interface UiState {
  collapsed: { summary?: boolean; filters?: boolean };
  /** Edits not applied yet, for the filter they were made on. */
  draft?: { filterVersion: number; form: FilterForm };
}

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): UiState | undefined;
  setState(state: UiState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let ui: UiState = vscode.getState() ?? { collapsed: {} };
let strings: WebviewStrings | undefined;
let current: SummaryState | undefined;
/** What the form was last built from: rebuilt only when the filter, the choices or the presets (a new day) change. */
let formKey = '';

const post = (message: FromWebview): void => vscode.postMessage(message);

function saveUi(change: Partial<UiState>): void {
  ui = { ...ui, ...change };
  vscode.setState(ui);
}

function section(id: 'summary' | 'filters', title: string, testId: string): { root: HTMLElement; body: HTMLElement } {
  const collapsed = ui.collapsed[id] === true;
  const body = h('div', { id: `${id}-body`, class: 'section-body', hidden: collapsed, 'data-testid': testId });
  const toggle = h(
    'button',
    { class: 'section-toggle', 'aria-expanded': String(!collapsed), 'aria-controls': `${id}-body` },
    h('span', { class: 'chevron', 'aria-hidden': 'true' }),
    title,
  );
  toggle.addEventListener('click', () => {
    const nowCollapsed = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!nowCollapsed));
    body.hidden = nowCollapsed;
    saveUi({ collapsed: { ...ui.collapsed, [id]: nowCollapsed } });
  });
  return { root: h('section', { id: `${id}-section`, 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, toggle), body), body };
}

let layout:
  { header: HTMLElement; summary: HTMLElement; summarySection: HTMLElement; filters: HTMLElement; filtersSection: HTMLElement; connect: HTMLElement } | undefined;

function buildLayout(s: WebviewStrings): NonNullable<typeof layout> {
  const app = document.getElementById('app') ?? document.body;
  const header = h('header', { class: 'source', 'data-testid': 'source' });
  const summary = section('summary', s.summary, 'summary');
  summary.body.setAttribute('aria-live', 'polite');
  const filters = section('filters', s.filters, 'filters');
  const connect = h('div', { class: 'connect', hidden: true, 'data-testid': 'connect' });
  replaceChildren(app, header, connect, summary.root, filters.root);
  app.removeAttribute('aria-busy');
  return { header, summary: summary.body, summarySection: summary.root, filters: filters.body, filtersSection: filters.root, connect };
}

function apply(): void {
  const root = layout?.filters;
  if (!root || !strings) return;
  const form = readForm(root);
  const invalid = showDateProblems(root, form, strings);
  if (invalid) {
    invalid.focus();
    return;
  }
  post({ type: 'apply', form });
}

function renderForm(state: SummaryState, s: WebviewStrings): void {
  if (!layout) return;
  const key = `${state.filterVersion}|${JSON.stringify(state.choices)}|${JSON.stringify(state.datePresets)}`;
  if (key !== formKey) {
    formKey = key;
    const focusedId = document.activeElement?.id;
    const draft = ui.draft?.filterVersion === state.filterVersion ? ui.draft.form : undefined;
    if (!draft && ui.draft) saveUi({ draft: undefined });
    const form = buildForm(draft ?? state.form, state.choices, s, state.datePresets);
    const remember = (): void => saveUi({ draft: { filterVersion: state.filterVersion, form: readForm(form) } });
    form.addEventListener('change', remember);
    form.addEventListener('input', remember);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      apply();
    });
    form.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement;
      // Enter applies from text fields and check boxes; dropdowns and buttons keep their own Enter.
      if (event.key === 'Enter' && /^VSCODE-(TEXT-FIELD|CHECKBOX|RADIO)$/.test(target.tagName)) {
        event.preventDefault();
        apply();
      }
    });
    form.querySelector('#apply')?.addEventListener('click', apply);
    form.querySelector('#reset')?.addEventListener('click', () => {
      saveUi({ draft: undefined });
      post({ type: 'reset' });
    });
    replaceChildren(layout.filters, form);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
  const applyError = layout.filters.querySelector<HTMLElement>('#apply-error');
  if (applyError) applyError.textContent = state.applyError ?? '';
  const result = layout.filters.querySelector<HTMLElement>('#apply-result');
  if (result) result.textContent = resultLine(state.summary, s);
}

/** "Since Tue 10:42: 3 new, 2 won ($45K), 1 lost", with a link that lists them. */
function changesLine(text: string, s: WebviewStrings): HTMLElement {
  const show = h('a', { href: '#', class: 'link', 'data-testid': 'show-changes' }, s.showChanges);
  show.addEventListener('click', (event) => {
    event.preventDefault();
    post({ type: 'command', command: 'showChanges' });
  });
  return h('p', { class: 'changes', 'data-testid': 'changes-line', role: 'status' }, h('span', { class: 'codicon-dot', 'aria-hidden': 'true' }, '●'), ` ${text} `, show);
}

function render(): void {
  const state = current;
  const s = strings;
  if (!state || !s) return;
  layout ??= buildLayout(s);

  const connected = state.connection !== 'none';
  replaceChildren(
    layout.header,
    state.connection === 'sampleData'
      ? h('vscode-tag', { 'data-testid': 'sample-data' }, s.sampleData)
      : state.sourceLabel
        ? h('span', { class: 'muted' }, state.sourceLabel)
        : undefined,
    connected ? h('p', { class: 'filter-text', 'data-testid': 'filter-text' }, `${s.filterInWords}: ${state.filterText || s.everything}`) : undefined,
    connected && state.changes ? changesLine(state.changes, s) : undefined,
  );

  layout.connect.hidden = connected;
  // Not connected: no empty "Totals" heading under the connect buttons, only what can be done.
  layout.summarySection.hidden = !connected;
  layout.filtersSection.hidden = !connected;
  if (!connected) {
    const setKey = h('vscode-button', {}, s.setApiKey);
    setKey.addEventListener('click', () => post({ type: 'command', command: 'setApiKey' }));
    const sample = h('vscode-button', { appearance: 'secondary' }, s.exploreSampleData);
    sample.addEventListener('click', () => post({ type: 'command', command: 'exploreSampleData' }));
    replaceChildren(layout.connect, h('p', {}, s.notConnected), h('div', { class: 'actions' }, setKey, sample));
    replaceChildren(layout.summary);
    return;
  }

  layout.summary.setAttribute('aria-busy', String(state.summary.status === 'loading'));
  layout.summary.dataset.status = state.summary.status;
  layout.summary.dataset.loadId = String(state.loadId);
  // A kind's button keeps the focus across the re-render its own click causes.
  const focusedKind = document.activeElement?.closest('.attention-kind')?.id;
  replaceChildren(
    layout.summary,
    ...summaryContent(state.summary, s, () => post({ type: 'refresh' })),
    state.summary.status === 'ready' && state.attention ? attentionSection(state.attention, s, (kind) => post({ type: 'attention', kind })) : undefined,
  );
  if (focusedKind) document.getElementById(focusedKind)?.focus();
  renderForm(state, s);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  if (message.type === 'init') {
    strings = message.strings;
    current = message.state;
    render();
  } else if (message.type === 'state') {
    current = message.state;
    render();
  }
});

post({ type: 'ready' });

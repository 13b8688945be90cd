// The messages between the summary webview and the extension. Shared by both sides; no DOM, no vscode.
import type { AttentionKind } from '../../close/attention';
import { DATE_FORMS, type DateForm } from '../../close/filter';
import type { FieldKind, FieldOf, FilterFieldKey } from '../../close/filterFields';
import type { GroupingField, MoneyAggregate, OrderField, StatusType, ValuePeriod } from '../../close/types';

export type { AttentionKind };

/** A date field's form in the summary: any date, or how the day is meant (close/filter.ts DateForm). */
export type DateFormChoice = 'any' | DateForm;
export const DATE_FORM_CHOICES: readonly DateFormChoice[] = ['any', ...DATE_FORMS];

/**
 * A date filter as the form edits it: its form and `YYYY-MM-DD` strings ('' when open). `from` is the day of
 * on, after and before, and the first day of between; `to` is between's last day.
 */
export interface DateRangeForm {
  form: DateFormChoice;
  from: string;
  to: string;
}

/** A preset period of a date field with its real days as of now (the extension computes them: the webview knows no time zone). */
export interface DatePresetChoice {
  /** commands/dateRanges.ts DatePreset: 'this_month'. */
  preset: string;
  /** "This month · 2026-12-01 – 2026-12-31". */
  label: string;
  /** What the preset puts in the field. */
  form: DateRangeForm;
  /** "Overdue" is about active opportunities only: it sets the status types too. */
  status_type?: StatusType[];
}

/** The presets of each date field of the form (the close date has more: next 30 days, overdue). */
export type DatePresetChoices = Partial<Record<FilterFieldKey, DatePresetChoice[]>>;

/** A yes/no field in the form: either, only yes, only no. */
export type YesNoChoice = 'any' | 'yes' | 'no';
export const YES_NO_CHOICES: readonly YesNoChoice[] = ['any', 'yes', 'no'];

/** A field's control in the form holds, by the field's kind: the picked values, a date range, a yes/no choice, or text ('' = none). */
export type FieldFormValue<K extends FieldKind> = K extends 'several' ? string[] : K extends 'date' ? DateRangeForm : K extends 'yesNo' ? YesNoChoice : string;

/**
 * Every control of the filter form, as plain values (what the webview sends with Apply): one per field the
 * declaration puts in the form (close/filterFields.ts FORM_FIELDS), keyed by the field, and the order and grouping.
 */
export type FilterForm = { [K in FilterFieldKey]?: FieldFormValue<FieldOf<K>['kind']> } & {
  order_by: { field: OrderField; descending: boolean };
  /** field '' = not grouped. */
  group_by: { field: GroupingField | ''; descending: boolean };
};

export interface Choice {
  id: string;
  label: string;
}

export interface StatusChoice extends Choice {
  type: StatusType;
  /** Pipeline name, to tell apart statuses with the same label in two pipelines. */
  pipeline?: string;
}

/** What the dropdowns and check lists offer (from /status/opportunity/, /user/, /saved_search/). */
export interface FilterChoices {
  statuses: StatusChoice[];
  /** Status names across pipelines ("Won" in any pipeline). */
  statusLabels: Choice[];
  users: Choice[];
  smartViews: Choice[];
  /** The organization has several pipelines (fields offered only then are shown). */
  severalPipelines: boolean;
  /** Set when a list could not be loaded (the form still works with what it has). */
  error?: string;
}

export interface MoneyCell {
  cents: number;
  /** Formatted in the org currency; the server's `*_formatted` string when it sent one. */
  text: string;
}

/** Every aggregate of one list response, ready to show. */
export interface AggregatesView {
  total_results: number;
  total_results_text: string;
  count_by_value_period: Record<ValuePeriod, number>;
  money: Record<MoneyAggregate, MoneyCell>;
}

/** One value period of a group: its count and its total and expected value (the server's own aggregates). */
export interface GroupPeriodRow {
  period: ValuePeriod;
  count: number;
  count_text: string;
  total: MoneyCell;
  expected: MoneyCell;
}

export interface GroupRow {
  key: string;
  label: string;
  /** Status groups: the status's own label, pipeline and type (the chart marks where each pipeline starts). */
  status_label?: string;
  pipeline?: string;
  status_type?: StatusType;
  /** Status and pipeline groups: short amounts for the chart ("$8.1M"). */
  compact?: { annualized: string; expected: string };
  count: number;
  count_text: string;
  annualized: MoneyCell;
  expected_annualized: MoneyCell;
  /** Every other aggregate the server returned for the group, per value period (shown when the row is opened). */
  periods: GroupPeriodRow[];
}

export type GroupsView =
  | { status: 'loading' }
  /** `pipeline`: grouped by status or pipeline, drawn as the pipeline in Close's order with count and expected value. */
  | { status: 'ready'; rows: GroupRow[]; pipeline?: boolean }
  | { status: 'error'; message: string };

export type SummaryData =
  | { status: 'idle' }
  | { status: 'loading' }
  /** `offline`: the last numbers kept, shown because Close cannot be reached ("Offline — as of 10:42: …"). */
  | { status: 'ready'; aggregates: AggregatesView; groups?: GroupsView; /** Set when the sums mix currencies. */ currencyNote?: string; offline?: string }
  | { status: 'error'; message: string };

/** One kind of the Needs Attention review (stalled, overdue, no close date, quiet), as a button of the summary. */
export interface AttentionKindCell {
  kind: AttentionKind;
  /** "Stalled", "Quiet for 30+ days". */
  label: string;
  count: number;
  count_text: string;
  annualized: MoneyCell;
  /** A click applies the kind's filter, or (no close date: no filter can say it) shows the kind in the Needs Attention view. */
  action: 'filter' | 'reveal';
  /** The button's accessible name and title: the kind, count and value in words, and what a click does. */
  name: string;
}

/** The Needs Attention view's review of the current filter, shared with the summary (no request of its own). */
export type AttentionSummary =
  | { status: 'loading' }
  /** `needing`: "17 opportunities need attention", each counted once. */
  | { status: 'ready'; kinds: AttentionKindCell[]; needing: string }
  | { status: 'error'; message: string };

export type ConnectionKind = 'none' | 'apiKey' | 'sampleData';

/** Everything the webview shows; the extension posts the whole state on every change (it is small). */
export interface SummaryState {
  connection: ConnectionKind;
  /** "Sample data", or who/what we are connected to. */
  sourceLabel: string;
  /** Increments whenever the shared filter changes: the webview replaces its form (and drops unapplied edits). */
  filterVersion: number;
  form: FilterForm;
  /** The date fields' presets, as of today in the user's time zone. */
  datePresets: DatePresetChoices;
  /** The filter in words ('' = everything). */
  filterText: string;
  choices: FilterChoices;
  /** Increments with every load; a load's result carries its number. */
  loadId: number;
  summary: SummaryData;
  /** What needs attention among the filter's active opportunities (absent until the summary is shown connected). */
  attention?: AttentionSummary;
  /** The last Apply was refused (invalid filter); the filter is unchanged. */
  applyError?: string;
  /** "Since Tue 10:42: 3 new, 2 won ($45K), 1 lost" for the current filter, when its changes were checked. */
  changes?: string;
}

/** Labels the webview shows, translated by the extension (`vscode.l10n.t`). */
export const WEBVIEW_STRING_KEYS = [
  'summary',
  'filters',
  'loading',
  'updating',
  'sampleData',
  'notConnected',
  'setApiKey',
  'exploreSampleData',
  'opportunity',
  'opportunities',
  'period',
  'count',
  'total',
  'expected',
  'oneTime',
  'monthly',
  'annual',
  'annualized',
  'groups',
  'group',
  'annualizedValue',
  'expectedValue',
  'chartTitle',
  'noGroups',
  'active',
  'won',
  'lost',
  'from',
  'to',
  'day',
  'dateAny',
  'dateOn',
  'dateAfter',
  'dateBefore',
  'dateBetween',
  'datePreset',
  'datePresetNone',
  'none',
  'any',
  'yes',
  'no',
  'orderBy',
  'groupBy',
  'notGrouped',
  'direction',
  'ascending',
  'descending',
  'apply',
  'reset',
  'retry',
  'datePlaceholder',
  'invalidDate',
  'endBeforeStart',
  'noChoices',
  'field_date_won',
  'field_date_updated',
  'field_date_created',
  'field_confidence',
  'field_user_name',
  'field_value',
  'field_annualized_value',
  'field_annualized_expected_value',
  'group_user_id',
  'group_date_won__week',
  'group_date_won__month',
  'group_date_won__quarter',
  'group_date_won__year',
  'group_status_id',
  'group_pipeline_id',
  'pipelineChartTitle',
  'expectedMark',
  'filterInWords',
  'everything',
  'showChanges',
  'needsAttention',
] as const;
export type WebviewStringKey = (typeof WEBVIEW_STRING_KEYS)[number];
/** The label (`filter_status_type`) and placeholder (`placeholder_query`) of each field the form shows, from its declaration. */
export type FieldLabelKey = `filter_${FilterFieldKey}` | `placeholder_${FilterFieldKey}`;
export type WebviewStrings = Record<WebviewStringKey, string> & Partial<Record<FieldLabelKey, string>>;

/** Extension → webview. */
export type ToWebview = { type: 'init'; strings: WebviewStrings; state: SummaryState } | { type: 'state'; state: SummaryState };

/** Webview → extension. Everything here is validated by `parseWebviewMessage` before use. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'apply'; form: FilterForm }
  | { type: 'reset' }
  | { type: 'refresh' }
  | { type: 'command'; command: WebviewCommand }
  /** A click on a kind of the review: its filter, or the kind shown in the Needs Attention view. */
  | { type: 'attention'; kind: AttentionKind };

/** The only commands the webview may ask the extension to run. */
export const WEBVIEW_COMMANDS = ['setApiKey', 'exploreSampleData', 'showChanges'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

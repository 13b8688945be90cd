// Types for the Close API objects we read. Names mirror the API's own JSON, as test/fixtures/close-openapi/ has it.

export type StatusType = 'active' | 'won' | 'lost';
export const STATUS_TYPES: readonly StatusType[] = ['active', 'won', 'lost'];

export type ValuePeriod = 'one_time' | 'monthly' | 'annual';
export const VALUE_PERIODS: readonly ValuePeriod[] = ['one_time', 'monthly', 'annual'];

export type OrderField = 'date_won' | 'date_updated' | 'date_created' | 'confidence' | 'user_name' | 'value' | 'annualized_value' | 'annualized_expected_value';
export const ORDER_FIELDS: readonly OrderField[] = [
  'date_won',
  'date_updated',
  'date_created',
  'confidence',
  'user_name',
  'value',
  'annualized_value',
  'annualized_expected_value',
];

export type GroupField = 'user_id' | 'date_won__week' | 'date_won__month' | 'date_won__quarter' | 'date_won__year';
export const GROUP_FIELDS: readonly GroupField[] = ['user_id', 'date_won__week', 'date_won__month', 'date_won__quarter', 'date_won__year'];

/**
 * Groupings the endpoint has no `_group_by` for, built here from the pipelines' statuses with one `_limit=0`
 * request per status (never sent as `_group_by`).
 */
export type PipelineGroupField = 'status_id' | 'pipeline_id';
export const PIPELINE_GROUP_FIELDS: readonly PipelineGroupField[] = ['status_id', 'pipeline_id'];

/** Every grouping the user can choose: the endpoint's own and the pipeline's. */
export type GroupingField = GroupField | PipelineGroupField;
export const GROUPING_FIELDS: readonly GroupingField[] = [...GROUP_FIELDS, ...PIPELINE_GROUP_FIELDS];

export function isPipelineGrouping(field: GroupingField | undefined): field is PipelineGroupField {
  return field === 'status_id' || field === 'pipeline_id';
}

/** What a status or pipeline group (built here, not by the server) says about itself. */
export interface PipelineGroupFields {
  status_id?: string | null;
  status_label?: string | null;
  status_type?: StatusType | null;
  pipeline_id?: string | null;
  pipeline_name?: string | null;
  /** The statuses the group lists: one for a status, the statuses of a pipeline that the filter allows. */
  status_ids?: string[];
}

export interface IntegrationLink {
  name: string;
  url: string;
}

export interface Attachment {
  url: string;
  filename: string;
  content_type: string;
  size: number;
  thumbnail_url?: string | null;
}

export interface StallStatus {
  communication_issue: 'no_issue' | 'cant_get_in_touch' | 'no_communication_attempts';
  next_action?: { action: string; justification: string } | null;
}

export interface SuggestedAction {
  action: 'change_status' | 'adjust_close_date' | 'follow_up_email' | 'follow_up_call' | 'follow_up_sms';
  details?: unknown;
  justification?: string;
}

export interface ContactPhone {
  phone: string;
  phone_formatted?: string;
  type?: string;
}

/** An opportunity as `GET /opportunity/{id}/` returns it. Optional fields may be absent (older orgs, `_fields`). */
export interface Opportunity {
  id: string;
  organization_id: string;
  lead_id: string;
  lead_name?: string | null;
  contact_id: string | null;
  contact_name?: string | null;
  user_id: string;
  user_name?: string | null;
  status_id: string;
  status_label?: string;
  status_type?: StatusType;
  status_display_name?: string;
  pipeline_id?: string | null;
  pipeline_name?: string | null;
  /** Cents (minor units). */
  value: number | null;
  value_period: ValuePeriod;
  value_currency?: string | null;
  value_formatted?: string | null;
  /** Cents. */
  expected_value: number | null;
  /** Cents. */
  annualized_value: number | null;
  /** Cents. */
  annualized_expected_value: number | null;
  /** 0–100. */
  confidence: number;
  note: string | null;
  note_html?: string | null;
  date_created: string;
  date_updated: string;
  /** Date only, `YYYY-MM-DD`. */
  date_won: string | null;
  date_lost: string | null;
  created_by: string | null;
  created_by_name?: string | null;
  updated_by: string | null;
  updated_by_name?: string | null;
  integration_links?: IntegrationLink[];
  attachments?: Attachment[];
  is_stalled?: boolean;
  stall_status?: StallStatus | null;
  suggested_action?: SuggestedAction | null;
  comment_summary?: { comment_count: number; thread_id: string } | null;
  lead_primary_email?: { email: string; type: string; is_unsubscribed: boolean } | null;
  lead_primary_phone?: ContactPhone[] | null;
  /** Custom fields, `custom.cf_<id>`. */
  [customField: `custom.${string}`]: unknown;
}

/** Aggregates present on every list response and on every group (money in cents). */
export interface Aggregates {
  total_results: number;
  count_by_value_period: Partial<Record<ValuePeriod, number>>;
  total_value_one_time: number;
  total_value_monthly: number;
  total_value_annual: number;
  total_value_annualized: number;
  expected_value_one_time: number;
  expected_value_monthly: number;
  expected_value_annual: number;
  expected_value_annualized: number;
  total_value_one_time_formatted?: string | null;
  total_value_monthly_formatted?: string | null;
  total_value_annual_formatted?: string | null;
  total_value_annualized_formatted?: string | null;
  expected_value_one_time_formatted?: string | null;
  expected_value_monthly_formatted?: string | null;
  expected_value_annual_formatted?: string | null;
  expected_value_annualized_formatted?: string | null;
}

export const MONEY_AGGREGATES = [
  'total_value_one_time',
  'total_value_monthly',
  'total_value_annual',
  'total_value_annualized',
  'expected_value_one_time',
  'expected_value_monthly',
  'expected_value_annual',
  'expected_value_annualized',
] as const;
export type MoneyAggregate = (typeof MONEY_AGGREGATES)[number];

/** One group of a `_group_by` response. `key` is opaque: label groups from the other fields. */
export interface OpportunityGroup<T = Opportunity> extends Aggregates {
  key: string | null;
  objects: T[];
  year?: number | null;
  month?: number | null;
  quarter?: number | null;
  weekyear?: number | null;
  week?: number | null;
  user_id?: string | null;
  user_name?: string | null;
}

export interface OpportunityListResponse<T = Opportunity> extends Aggregates {
  data: T[];
  has_more: boolean;
}

export interface OpportunityGroupedResponse<T = Opportunity> extends Aggregates {
  data: OpportunityGroup<T>[];
  has_more: boolean;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

export interface OpportunityStatus {
  id: string;
  label: string;
  type: StatusType;
  pipeline_id?: string | null;
  organization_id?: string;
}

export interface Pipeline {
  id: string;
  name: string;
  organization_id?: string;
  statuses: OpportunityStatus[];
}

export interface User {
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  image?: string | null;
  date_created?: string;
  date_updated?: string;
}

export interface Organization {
  id: string;
  name: string;
  /** ISO code of the currency Close sums and formats amounts in (on `GET organization/{id}/`). */
  currency?: string;
}

export interface Me extends User {
  organizations?: Organization[];
}

export interface SavedSearch {
  id: string;
  name: string;
  type: string;
  description?: string | null;
  query?: string | null;
  s_query?: unknown;
  is_shared?: boolean;
  is_user_dependent?: boolean;
  user_id?: string | null;
  organization_id?: string;
  date_created?: string;
  date_updated?: string;
}

/** Error bodies Close sends. */
export interface ErrorBody {
  error?: string | { message?: string; rate_reset?: number | string; [k: string]: unknown };
  errors?: string[];
  'field-errors'?: Record<string, string>;
  message?: string;
  rate_reset?: number | string;
}

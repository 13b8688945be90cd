// Why an opportunity needs attention, in words: Close's stall status (the communication issue and the next
// action, with its justification) or its suggested action, and what the suggestion carries (a new close date,
// a drafted message, a call plan). All of it is server text: the callers show it as text. No 'vscode' here.
import type { Opportunity } from './types';
import { untranslated, type Translate } from './translate';

export type ReasonFields = Partial<Pick<Opportunity, 'is_stalled' | 'stall_status' | 'suggested_action'>>;

/** Longest justification or draft kept: a hostile server cannot fill a row or the clipboard with megabytes. */
const TEXT_KEPT = 2000;

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed.length > TEXT_KEPT ? `${trimmed.slice(0, TEXT_KEPT)}…` : trimmed;
}

/** An action or issue Close may add later: its own words, underscores as spaces. */
function fallback(value: string): string {
  return value.replace(/_/g, ' ');
}

function issueWords(issue: unknown, t: Translate): string | undefined {
  switch (issue) {
    case 'cant_get_in_touch':
      return t("can't get in touch");
    case 'no_communication_attempts':
      return t('no communication attempts');
    case 'no_issue':
    case undefined:
    case null:
      return undefined;
    default:
      return typeof issue === 'string' ? fallback(issue) : undefined;
  }
}

function actionWords(action: unknown, t: Translate): string | undefined {
  switch (action) {
    case 'mark_as_lost':
      return t('mark as lost');
    case 'change_status':
      return t('change the status');
    case 'follow_up':
      return t('follow up');
    case 'adjust_close_date':
      return t('adjust the close date');
    case 'change_communication_method':
      return t('try another way to reach them');
    case 'ask_someone_else_to_reach_out':
      return t('ask someone else to reach out');
    case 'follow_up_email':
      return t('follow up by email');
    case 'follow_up_call':
      return t('follow up by phone');
    case 'follow_up_sms':
      return t('follow up by text message');
    default:
      return typeof action === 'string' && action ? fallback(action) : undefined;
  }
}

/** One reason, or none. */
export interface AttentionReason {
  /** "Stalled: can't get in touch; next: follow up" / "Suggested: follow up by email". */
  summary: string;
  /** Close's justification, as it sent it (cut). */
  justification?: string;
}

/** The stall status when there is one, else the suggested action. */
export function attentionReason(o: ReasonFields, t: Translate = untranslated): AttentionReason | undefined {
  const stall = o.stall_status;
  if (stall && typeof stall === 'object') {
    const issue = issueWords(stall.communication_issue, t);
    const next = stall.next_action && typeof stall.next_action === 'object' ? stall.next_action : undefined;
    const action = actionWords(next?.action, t);
    const parts = [issue, action ? t('next: {0}', action) : undefined].filter(Boolean).join('; ');
    const suggested = suggestion(o, t);
    return {
      summary: parts ? t('Stalled: {0}', parts) : t('Stalled'),
      justification: text(next?.justification) ?? suggested?.justification,
    };
  }
  return suggestion(o, t) ?? (o.is_stalled === true ? { summary: t('Stalled') } : undefined);
}

function suggestion(o: ReasonFields, t: Translate): AttentionReason | undefined {
  const suggested = o.suggested_action;
  if (!suggested || typeof suggested !== 'object') return undefined;
  const action = actionWords(suggested.action, t);
  if (!action) return undefined;
  return { summary: t('Suggested: {0}', action), justification: text(suggested.justification) };
}

/** What a suggested action carries, for the details and "Copy Draft". */
export interface SuggestionDetails {
  /** `YYYY-MM-DD`. */
  closeDate?: string;
  draft?: string;
  /** An email draft's subject. */
  subject?: string;
  callPlan?: string;
}

export function suggestionDetails(o: ReasonFields): SuggestionDetails {
  const details = o.suggested_action?.details;
  if (!details || typeof details !== 'object') return {};
  const d = details as Record<string, unknown>;
  const closeDate = typeof d.close_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.close_date.slice(0, 10)) ? d.close_date.slice(0, 10) : undefined;
  return { closeDate, draft: text(d.message_draft), subject: text(d.subject_draft), callPlan: text(d.call_plan) };
}

/** The reason in one line: "Stalled: can't get in touch; next: follow up — No reply for 14 days." */
export function reasonLine(reason: AttentionReason | undefined): string {
  if (!reason) return '';
  return reason.justification ? `${reason.summary} — ${oneLine(reason.justification)}` : reason.summary;
}

/** Line breaks and other control characters as spaces: a row shows one line. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

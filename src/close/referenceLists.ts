// The organization's reference data: users, opportunity statuses, pipelines, lead Smart Views, opportunity
// custom fields, the key's own user (`/me/`) and the organization's currency. Each list is read to its last
// page, bounded: MAX_REFERENCE_PAGES pages, and a page that adds nothing new stops it with an error.
import { BadResponseError, untilAborted } from './errors';
import { type IdPrefix, isCloseId } from './ids';
import { type CallStats, type Requester, newStats } from './request';
import { counted, idError, shapeError } from './responseErrors';
import type { Me, OpportunityStatus, Page, Pipeline, SavedSearch, User } from './types';

/** An opportunity custom field as `/custom_field/opportunity/` lists it. */
export interface CustomFieldDefinition {
  id: string;
  name: string;
  type?: string;
}

const PAGE_SIZE = 100;
/** Most pages of one reference list (users, statuses, pipelines, Smart Views): 100 pages of 100. */
const MAX_REFERENCE_PAGES = 100;

function currencyCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** A user needs a text id; each name part and the email is text or missing. */
function validUser(user: Record<string, unknown>): boolean {
  const optionalText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
  return isText(user.id) && optionalText(user.first_name) && optionalText(user.last_name) && optionalText(user.email);
}

export class ReferenceLists {
  /** The GET /me/ in flight: callers at the same time (the key check, the currency) share it. */
  private pendingMe: Promise<Me> | undefined;

  constructor(private readonly requests: Requester) {}

  statuses(signal?: AbortSignal): Promise<OpportunityStatus[]> {
    return this.allPages<OpportunityStatus>('status/opportunity/', undefined, (s) => isText(s.id) && isText(s.label), signal, undefined, 'stat');
  }

  pipelines(signal?: AbortSignal): Promise<Pipeline[]> {
    return this.allPages<Pipeline>('pipeline/', undefined, (p) => isText(p.id) && isText(p.name), signal, undefined, 'pipe');
  }

  /** All users of the organization (every page), counted in `stats` when given. Deactivated members are not listed by Close. */
  users(signal?: AbortSignal, stats?: CallStats): Promise<User[]> {
    return this.allPages<User>('user/', undefined, validUser, signal, stats, 'user');
  }

  /** The organization's opportunity custom fields (every page); opportunities carry them as `custom.<id>`. */
  customFields(signal?: AbortSignal): Promise<CustomFieldDefinition[]> {
    return this.allPages<CustomFieldDefinition>('custom_field/opportunity/', undefined, (f) => isText(f.id) && isText(f.name), signal);
  }

  /** Lead Smart Views (every page). */
  savedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
    return this.allPages<SavedSearch>('saved_search/', new URLSearchParams({ type: 'lead' }), (v) => isText(v.id) && isText(v.name), signal, undefined, 'save');
  }

  /** The key's own user and its organizations (the key check: a request of the interactive lane); one request at a time. */
  me(signal?: AbortSignal): Promise<Me> {
    if (!this.pendingMe) {
      const asking = this.askMe();
      this.pendingMe = asking;
      void asking.then(
        () => (this.pendingMe = undefined),
        () => (this.pendingMe = undefined),
      );
    }
    return untilAborted(this.pendingMe, signal);
  }

  private async askMe(): Promise<Me> {
    const body = await this.requests.getJson<Me>('me/', undefined, undefined, newStats(), 'interactive');
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw shapeError('me/');
    if (!isCloseId(body.id, 'user')) throw idError('me/', 'id');
    return body;
  }

  /**
   * The organization's currency (ISO code, e.g. `EUR`), in which Close sums and formats amounts: from
   * `/me/`'s organization when it says, else `GET organization/{id}/?_fields=currency`. Undefined when
   * Close does not say. With `expected` (the organization the key was known to belong to) both are asked at
   * once; that answer counts only if `/me/` names the same organization.
   */
  async organizationCurrency(signal?: AbortSignal, expected?: string): Promise<string | undefined> {
    const early = isCloseId(expected, 'orga') ? this.organization(expected, signal) : undefined;
    // Settled here so a refused guess is no unhandled rejection; /me/ decides whether it is used.
    early?.catch(() => undefined);
    const me = await this.me(signal);
    const organization = Array.isArray(me.organizations) ? me.organizations[0] : undefined;
    const known = currencyCode((organization as { currency?: unknown } | undefined)?.currency);
    if (known || typeof organization?.id !== 'string' || !/^[A-Za-z0-9_]+$/.test(organization.id)) return known;
    return organization.id === expected && early ? early : this.organization(organization.id, signal);
  }

  private async organization(id: string, signal?: AbortSignal): Promise<string | undefined> {
    const body = await this.requests.getJson<{ currency?: unknown }>(`organization/${id}/`, new URLSearchParams({ _fields: 'id,currency' }), signal, newStats());
    return typeof body === 'object' && body !== null ? currencyCode(body.currency) : undefined;
  }

  /**
   * Every page of a reference list, bounded: a page that adds no new id, or more than MAX_REFERENCE_PAGES
   * pages, is a BadResponseError. Items that fail `valid` (an id or name that is not a string) are left out
   * and reported to `onWarning`; with `idPrefix`, a text id without that shape makes it a bad response.
   */
  private async allPages<T>(
    path: string,
    params: URLSearchParams | undefined,
    valid: (item: Record<string, unknown>) => boolean,
    signal?: AbortSignal,
    stats = newStats(),
    idPrefix?: IdPrefix,
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let dropped = 0;
    for (let skip = 0, pages = 0; ; pages++) {
      if (pages >= MAX_REFERENCE_PAGES) {
        throw new BadResponseError(`Close still said there was more after ${MAX_REFERENCE_PAGES} pages of GET ${path}; stopped there.`, 200, '');
      }
      const query = new URLSearchParams(params);
      query.set('_limit', String(PAGE_SIZE));
      query.set('_skip', String(skip));
      const page = await this.requests.getJson<Page<T>>(path, query, signal, stats);
      if (typeof page !== 'object' || page === null || !Array.isArray(page.data)) throw shapeError(path);
      if (!page.data.every((item) => typeof item === 'object' && item !== null)) throw shapeError(path);
      let fresh = 0;
      for (const item of page.data as Record<string, unknown>[]) {
        if (!valid(item)) {
          dropped++;
          continue;
        }
        if (idPrefix && !isCloseId(item.id, idPrefix)) throw idError(path, 'id');
        const id = item.id as string;
        if (seen.has(id)) continue;
        seen.add(id);
        fresh++;
        items.push(item as T);
      }
      if (!page.has_more || page.data.length === 0) break;
      if (fresh === 0) {
        throw new BadResponseError(
          `Close answered GET ${path} at _skip=${skip} with nothing not already listed (it ignores _skip or repeats pages); stopped there.`,
          200,
          '',
        );
      }
      skip += page.data.length;
    }
    if (dropped > 0) this.requests.onWarning?.(`Left out ${counted(dropped, 'item', 'items')} of GET ${path} whose id or name is not text.`);
    return items;
  }
}

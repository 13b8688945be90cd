// Close's default order (newest `date_updated` first, then by id), written independently of the fake's own
// sort so that the tests check it rather than repeat it.
import type { Opportunity } from '../../src/close/types';

export const byUpdatedDesc = (a: Pick<Opportunity, 'date_updated' | 'id'>, b: Pick<Opportunity, 'date_updated' | 'id'>): number =>
  a.date_updated < b.date_updated ? 1 : a.date_updated > b.date_updated ? -1 : a.id < b.id ? -1 : 1;

import type { User } from '../close/types';

/** "Alice Anders"; the email or id when the name is empty. */
export function userName(user: User): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ').trim() || user.email || user.id;
}

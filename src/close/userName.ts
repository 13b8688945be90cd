// A user's name, once: as Close writes it in an opportunity's `user_name`, and as the views show a user.
import type { User } from './types';

/** "Alice Anders", as Close fills `user_name`; empty when the user has no name. */
export function fullName(user: Pick<User, 'first_name' | 'last_name'>): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
}

/** A user as the views show one: the full name, else the email, else the id. */
export function userName(user: User): string {
  return fullName(user) || user.email || user.id;
}

import * as assert from 'node:assert/strict';
import { fullName, userName } from '../../../src/close/userName';

describe('a user’s name', () => {
  it('is the first and last name as Close writes user_name, empty without either', () => {
    assert.equal(fullName({ first_name: 'Alice', last_name: 'Anders' }), 'Alice Anders');
    assert.equal(fullName({ first_name: null, last_name: 'Anders' }), 'Anders');
    assert.equal(fullName({ first_name: 'Alice' }), 'Alice');
    assert.equal(fullName({ first_name: '', last_name: null }), '');
  });

  it('is shown as the name, else the email, else the id', () => {
    assert.equal(userName({ id: 'user_1', first_name: 'Alice', last_name: 'Anders', email: 'a@example.com' }), 'Alice Anders');
    assert.equal(userName({ id: 'user_1', first_name: '', email: 'a@example.com' }), 'a@example.com');
    assert.equal(userName({ id: 'user_1', email: null }), 'user_1');
  });
});

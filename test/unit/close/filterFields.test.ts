// Walks the declared filter fields: every surface (the query, its check, saved filters, the filter in words,
// the palette's Filter…, the summary's form and its messages, the chat tools' schema) handles each of them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { OpportunityFilter } from '../../../src/close/filter';
import { FIXED_CHOICES, FILTER_FIELDS, type FilterField } from '../../../src/close/filterFields';
import { filterSchema, fieldSchema } from '../../../src/close/filterSchema';
import { NON_FILTER_PARAMS, toQueryParams, validateFilter } from '../../../src/close/query';
import { untranslated } from '../../../src/close/translate';
import { filterMenuEntries } from '../../../src/commands/pickItems';
import { describeFilter } from '../../../src/shared/filterDescription';
import { filterFields } from '../../../src/state/savedFilters';
import { filterFromForm, formFromFilter } from '../../../src/features/summary/summaryForm';
import { parseFilterForm } from '../../../src/features/summary/summaryMessages';

/** A value a user could set for the field. */
function sample(field: FilterField): unknown {
  switch (field.kind) {
    case 'several': {
      const fixed = FIXED_CHOICES[field.source];
      if (fixed) return fixed.slice(0, 2);
      return field.ids ? ['abcd_a1', 'abcd_b2'] : ['Won', 'Demo Scheduled'];
    }
    case 'one':
    case 'id':
      return 'abcd_a1';
    case 'text':
      return 'note:acme';
    case 'yesNo':
      return false;
    case 'date':
      return { gte: '2024-10-01', lte: '2024-10-15' };
  }
}

/** A value the field refuses. */
function wrong(field: FilterField): unknown {
  switch (field.kind) {
    case 'several':
      return 'not a list';
    case 'one':
    case 'id':
      return 'two words';
    case 'text':
      return 42;
    case 'yesNo':
      return 'yes';
    case 'date':
      return { gte: '2024-13-45' };
  }
}

const filterWith = (field: FilterField, value: unknown): OpportunityFilter => ({ [field.key]: value });

describe('the declared filter fields', () => {
  it('have one declaration per field, and query names no two fields share', () => {
    const keys = FILTER_FIELDS.map((field) => field.key);
    assert.deepEqual(keys, [...new Set(keys)]);
    const params = FILTER_FIELDS.flatMap((field) => field.params);
    assert.deepEqual(params, [...new Set(params)]);
  });

  for (const field of FILTER_FIELDS) {
    describe(field.key, () => {
      const filter = filterWith(field, sample(field));

      it('is written to the query under its own names only', () => {
        const names = [...toQueryParams(filter).keys()];
        assert.ok(names.length > 0, 'nothing written');
        for (const name of names) assert.ok(field.params.includes(name), `${name} is not among ${field.params.join(', ')}`);
      });

      it('is checked: a value a user could set passes, a wrong one is refused naming the field', () => {
        validateFilter(filter);
        assert.throws(
          () => validateFilter(filterWith(field, wrong(field))),
          (error: Error & { field?: string }) => error.field === field.key,
        );
      });

      it('is kept in a saved filter', () => {
        assert.deepEqual(filterFields(filter), filter);
      });

      it('is said in words', () => {
        assert.notEqual(describeFilter(filter), '');
      });

      it('is offered in the palette or the form, or says why not', () => {
        const offered = field.palette !== undefined || field.form !== undefined;
        assert.ok(offered !== (field.notOffered !== undefined), offered ? 'offered, yet says why it is not' : 'not offered, and says nothing why');
      });

      if (field.palette) {
        it("is in the palette's Filter…, with its value beside it", () => {
          const entry = filterMenuEntries(filter, untranslated, { severalPipelines: true }).find((e) => e.field === field);
          assert.ok(entry, 'not in Filter…');
          assert.ok(entry.label.endsWith(field.label(untranslated)));
          assert.ok(entry.description, 'its value is not shown');
        });
      }

      if (field.form) {
        it("is in the summary's form, which sends it and reads it back", () => {
          const form = formFromFilter(filter);
          assert.notEqual(form[field.key], undefined);
          const parsed = parseFilterForm(JSON.parse(JSON.stringify(form)));
          const applied = filterFromForm({}, parsed);
          assert.deepEqual(applied[field.key], filter[field.key]);
        });
      } else {
        it('is not in the form, and the form keeps it as it was', () => {
          const form = formFromFilter(filter);
          assert.equal(form[field.key], undefined);
          assert.deepEqual(filterFromForm(filter, parseFilterForm(JSON.parse(JSON.stringify(form))))[field.key], filter[field.key]);
        });
      }

      if (!field.deprecated) {
        it("has a JSON schema the chat tools can use: it takes the user's value and refuses the wrong one", () => {
          const ajv = new Ajv({ strict: true });
          const check = ajv.compile(fieldSchema(field));
          assert.ok(check(sample(field)), JSON.stringify(check.errors));
          assert.ok(!check(wrong(field)));
        });
      }
    });
  }

  it('make a JSON schema of the whole filter that takes a filter of every field', () => {
    const ajv = new Ajv({ strict: true });
    const check = ajv.compile(filterSchema());
    const all = Object.fromEntries(FILTER_FIELDS.filter((field) => !field.deprecated).map((field) => [field.key, sample(field)]));
    assert.ok(check(all), JSON.stringify(check.errors));
    assert.ok(!check({ api_key: 'x' }), 'a property that is no field');
  });
});

describe("the endpoint's documented parameters", () => {
  /** The repository's root: out/test/unit/close → four levels up (the tests run compiled). */
  const root = path.resolve(__dirname, '../../../..');
  const documented = (
    JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/list-opportunities-parameters.json'), 'utf8')) as { parameters: { name: string }[] }
  ).parameters.map((p) => p.name);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const fieldOf = (param: string) => FILTER_FIELDS.find((field) => field.params.includes(param));

  it('are the 38 query parameters of GET /opportunity/', () => {
    assert.equal(documented.length, 38);
    assert.deepEqual(documented, [...new Set(documented)]);
  });

  for (const param of documented) {
    const field = fieldOf(param);
    it(`${param}: ${field ? `written by the field ${field.key}` : 'a parameter that is no filter'}, offered or said why not`, () => {
      if (!field) {
        assert.ok(NON_FILTER_PARAMS[param], `${param} is neither a field's parameter nor among the non-filter parameters`);
        return;
      }
      if (field.palette || field.form) return;
      assert.ok(field.notOffered, `${field.key} is offered nowhere and says nothing why`);
      // The README says it as the field's name and the reason: "`status`: an older name of status_label, …".
      assert.ok(readme.includes(`\`${field.key}\`: ${field.notOffered}`), `the README does not say why ${field.key} is not offered`);
    });
  }

  it('name nothing Close does not document: every parameter of a field or of the non-filter list is among them', () => {
    const written = [...FILTER_FIELDS.flatMap((field) => field.params), ...Object.keys(NON_FILTER_PARAMS)];
    assert.deepEqual(
      written.filter((param) => !documented.includes(param)),
      [],
    );
    assert.deepEqual(written.sort(), [...documented].sort());
  });
});

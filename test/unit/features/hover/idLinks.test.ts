// Where `oppo_…` links go in a document: the hover's id rule, the line-length limit, the link count bound.
import * as assert from 'node:assert/strict';
import {
  findOpportunityIdAt,
  linkTarget,
  MAX_LINE_LENGTH,
  MAX_LINKS_PER_DOCUMENT,
  opportunityIdLinks,
  opportunityIdsInLine,
} from '../../../../src/features/hover/idLinks';

const ID = 'oppo_8eB77gAdf8FMy6GsNHEy84f7uoeEWv55slvUjKQZpJt';
const OTHER = 'oppo_ZZZZZZZZZZ';

function linksOf(text: string) {
  const lines = text.split('\n');
  return opportunityIdLinks(lines.length, (i) => lines[i]).map((l) => ({
    line: l.line,
    start: l.start,
    end: l.end,
    id: l.id,
    text: lines[l.line].slice(l.start, l.end),
  }));
}

describe('Opportunity id links', () => {
  it('covers exactly each id, at the start and at the end of a line', () => {
    const found = linksOf(`${ID} opened\nsee ${OTHER}`);
    assert.deepEqual(found, [
      { line: 0, start: 0, end: ID.length, id: ID, text: ID },
      { line: 1, start: 4, end: 4 + OTHER.length, id: OTHER, text: OTHER },
    ]);
  });

  it('finds several ids in one line, inside quotes, JSON and URLs', () => {
    const line = `{"id":"${ID}","other":"${OTHER}"} https://app.close.com/x/${ID}/`;
    assert.deepEqual(
      opportunityIdsInLine(line).map((m) => line.slice(m.start, m.end)),
      [ID, OTHER, ID],
    );
  });

  it('leaves out what is not an id', () => {
    assert.deepEqual(linksOf('oppo_ alone, oppo_short, xoppo_1234567890abc, lead_1234567890abcdef, oppo_' + 'a'.repeat(61)), []);
  });

  it('skips lines over the limit but not the lines around them', () => {
    const long = `${ID} ${'x'.repeat(MAX_LINE_LENGTH)}`;
    const exactly = `${ID}${' '.repeat(MAX_LINE_LENGTH - ID.length)}`;
    const found = linksOf(`${long}\n${exactly}\n${OTHER}`);
    assert.deepEqual(
      found.map((l) => [l.line, l.id]),
      [
        [1, ID],
        [2, OTHER],
      ],
    );
  });

  it('stops at the bound on links per document', () => {
    const lines = Array.from({ length: MAX_LINKS_PER_DOCUMENT + 10 }, () => `${ID} ${OTHER}`);
    assert.equal(opportunityIdLinks(lines.length, (i) => lines[i]).length, MAX_LINKS_PER_DOCUMENT);
    assert.equal(opportunityIdLinks(lines.length, (i) => lines[i], { limit: 3 }).length, 3);
  });

  it('stops when cancelled', () => {
    let asked = 0;
    const found = opportunityIdLinks(100, () => ID, { cancelled: () => ++asked > 2 });
    assert.equal(found.length, 2);
  });

  it('runs the reveal-or-details command with the id as its one argument', () => {
    const target = linkTarget(ID);
    assert.equal(target, `command:closeOpportunities.revealOrShowDetails?${encodeURIComponent(JSON.stringify([ID]))}`);
    const url = new URL(target);
    assert.deepEqual(JSON.parse(decodeURIComponent(url.search.slice(1))), [ID]);
  });
});

describe('hover: finding opportunity ids', () => {
  const ID = 'oppo_A1bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';

  it('finds the id under the cursor, with its range', () => {
    const line = `  const id = "${ID}"; // other`;
    const start = line.indexOf('oppo_');
    assert.deepEqual(findOpportunityIdAt(line, start + 10), { id: ID, start, end: start + ID.length });
    assert.deepEqual(findOpportunityIdAt(line, start)?.id, ID);
    assert.deepEqual(findOpportunityIdAt(line, start + ID.length)?.id, ID);
  });

  it('finds nothing beside an id', () => {
    const line = `x = ${ID}; y = 1`;
    assert.equal(findOpportunityIdAt(line, 1), undefined);
    assert.equal(findOpportunityIdAt(line, line.length - 1), undefined);
  });

  it('picks the right one of several ids on a line', () => {
    const other = 'oppo_B2bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
    const line = `${ID},${other}`;
    assert.equal(findOpportunityIdAt(line, line.length - 3)?.id, other);
    assert.equal(findOpportunityIdAt(line, 3)?.id, ID);
  });

  it('accepts 10 to 60 base62 characters after the prefix, nothing shorter or longer', () => {
    assert.equal(findOpportunityIdAt('oppo_abcdefghij', 3)?.id, 'oppo_abcdefghij');
    assert.equal(findOpportunityIdAt('oppo_abcdefghi', 3), undefined);
    assert.equal(findOpportunityIdAt(`oppo_${'a'.repeat(60)}`, 3)?.id.length, 65);
    assert.equal(findOpportunityIdAt(`oppo_${'a'.repeat(61)}`, 3), undefined);
  });

  it('does not match inside a longer word', () => {
    assert.equal(findOpportunityIdAt(`my_oppo_${'a'.repeat(20)}`, 6), undefined);
    assert.equal(findOpportunityIdAt(`Xoppo_${'a'.repeat(20)}`, 6), undefined);
  });

  it('matches an id in a URL or JSON', () => {
    const line = `https://app.close.com/opportunity/${ID}/?x=1`;
    assert.equal(findOpportunityIdAt(line, line.indexOf('oppo_') + 3)?.id, ID);
  });

  it('skips lines over 10,000 characters', () => {
    const line = `${ID} ${'x'.repeat(MAX_LINE_LENGTH)}`;
    assert.equal(findOpportunityIdAt(line, 3), undefined);
    const fits = `${ID} ${'x'.repeat(MAX_LINE_LENGTH - ID.length - 1)}`;
    assert.equal(findOpportunityIdAt(fits, 3)?.id, ID);
  });
});

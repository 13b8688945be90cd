// Where `oppo_…` links go in a document: the hover's id rule, the line-length limit, the link count bound.
import * as assert from 'node:assert/strict';
import { linkTarget, MAX_LINE_LENGTH, MAX_LINKS_PER_DOCUMENT, opportunityIdLinks, opportunityIdsInLine } from '../../../src/views/idLinks';

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

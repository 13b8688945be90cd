import * as assert from 'node:assert/strict';
import { layoutBars } from '../../../src/webview/chart';

const item = (label: string, value: number) => ({ label, value, text: String(value) });

describe('bar chart layout', () => {
  it('makes the largest bar fill the width and the others proportional', () => {
    const { bars } = layoutBars([item('Alice', 3_600_000), item('Bob', 600_000), item('Carol', 1_800_000)], { width: 300 });
    assert.deepEqual(
      bars.map((b) => b.width),
      [300, 50, 150],
    );
  });

  it('draws zero-width bars for zero, negative and non-finite values', () => {
    const { bars } = layoutBars([item('a', 100), item('b', 0), item('c', -50), item('d', NaN), item('e', Infinity)], { width: 200 });
    assert.deepEqual(
      bars.map((b) => b.width),
      [200, 0, 0, 0, 0],
    );
  });

  it('draws only empty bars when every value is zero (no division by zero)', () => {
    const { bars } = layoutBars([item('a', 0), item('b', 0)]);
    assert.ok(bars.every((b) => b.width === 0 && Number.isFinite(b.x)));
  });

  it('stacks bars one below the other without overlap, in the given order', () => {
    const layout = layoutBars([item('a', 1), item('b', 2), item('c', 3)], { barHeight: 10, labelHeight: 12, gap: 4 });
    assert.deepEqual(
      layout.bars.map((b) => b.label),
      ['a', 'b', 'c'],
    );
    for (let i = 1; i < layout.bars.length; i++) {
      assert.ok(layout.bars[i].textY > layout.bars[i - 1].y + layout.bars[i - 1].height);
    }
    assert.equal(layout.height, 3 * (12 + 10 + 4) - 4);
  });

  it('is empty for no groups', () => {
    assert.deepEqual(layoutBars([]), { width: 300, height: 0, bars: [] });
  });
});

describe('pipeline chart', () => {
  it('draws the expected value as a second mark on the same scale as the value', () => {
    const { bars } = layoutBars(
      [
        { label: 'Demo', value: 400, second: 100, text: '' },
        { label: 'Proposal', value: 200, second: 150, text: '' },
      ],
      { width: 200 },
    );
    assert.deepEqual(
      bars.map((b) => [b.width, b.secondWidth]),
      [
        [200, 50],
        [100, 75],
      ],
    );
  });

  it('shares one scale between the charts of several pipelines', () => {
    const small = layoutBars([{ label: 'Exploring', value: 50, second: 10, text: '' }], { width: 200, max: 400 });
    assert.deepEqual([small.bars[0].width, small.bars[0].secondWidth], [25, 5]);
  });

  it('has no second mark when none is given', () => {
    assert.equal(layoutBars([{ label: 'Alice', value: 3, text: '' }]).bars[0].secondWidth, 0);
  });
});
